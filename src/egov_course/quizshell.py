"""The kernel side of answering a quiz: what a non-programmer types always gives one Indonesian sentence.

A quiz's *Persiapan* cell runs ``cek_format = siapkan_kuis({1: "pilihan abcd", ...})``. Besides the
:class:`~egov_course.quiz.FormatKuis` it returns, this installs three things in the running IPython
kernel (the learner's, and the grader's, since nbgrader runs the same cell first):

1. **Answer lines are read as text.** A line ``jawaban_N = …`` stores whatever follows ``=`` (up to a
   ``#`` comment) as a string, with any quote marks removed. So ``jawaban_1 = c``, ``""c""``, ``"c``,
   curly quotes pasted from WhatsApp or Word (“c”), ``2,5`` and ``1.650`` all store what the learner
   meant, and the answer format (:mod:`egov_course.quiz`) reads it. The answer cell then echoes the
   format check, so the ✓ line always shows the value just typed.
2. **Errors are one Indonesian sentence, not a traceback.** A ``NameError`` says which cell to run (or
   that quotes were forgotten), a ``SyntaxError`` names the line and how an answer is written, and an
   ``AssertionError`` (a hidden test's "belum tepat" message, a format error) shows only its message.
   The cell still fails, so nbgrader still scores it 0.
3. Running the cell twice changes nothing.

``load_ipython_extension`` installs 2 without a quiz, for a deployment that preloads the extension in
every kernel (``c.InteractiveShellApp.extensions = ["egov_course.quizshell"]``), so that the sentences
are Indonesian even before *Persiapan* has run after a restart.
"""

from __future__ import annotations

import re

from .quiz import FormatKuis

ANSWER_LINE = re.compile(r"^\s*(jawaban_(\d+))\s*=(?!=)(.*)$")
QUOTES = "\"'“”„‟‘’‚‛«»‹›`´"
_ECHO = "_egov_gema_"  # the function in the user namespace through which answer cells echo their check


def answer_text(right_hand_side: str) -> str:
    """What a learner meant by the text after ``jawaban_N =``: no comment, no quote marks, no outer spaces."""
    text = right_hand_side.split("#", 1)[0]
    return "".join(ch for ch in text if ch not in QUOTES).strip()


def transform_answer_lines(lines: list[str]) -> list[str]:
    """IPython cleanup transformer: every ``jawaban_N = …`` line becomes ``jawaban_N = '<text>'``.

    When the cell assigned at least one answer, a last line echoes the format check of each.
    """
    out, numbers = [], []
    for line in lines:
        match = ANSWER_LINE.match(line)
        if match:
            name, number, rest = match.groups()
            out.append(f"{name} = {answer_text(rest)!r}\n")
            if int(number) not in numbers:
                numbers.append(int(number))
        else:
            out.append(line)
    if numbers:
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n"
        out.append(f"{_ECHO}({numbers!r})\n")
    return out


# ---------------------------------------------------------------------------------------------
# Messages instead of tracebacks
# ---------------------------------------------------------------------------------------------
def name_error_sentence(name: str) -> str:
    if match := re.fullmatch(r"jawaban_(\d+)", name):
        n = match.group(1)
        return (f"✗ Jawaban nomor {n} belum tersimpan. Jalankan dulu sel jawaban nomor {n} (klik selnya, lalu "
                "Shift + Enter), baru sel ini.")
    if name in ("cek_format", "siapkan_kuis", "FormatKuis", _ECHO):
        return ("✗ Sel Persiapan belum dijalankan sejak kuis dibuka atau kernel dimulai ulang. Gulir ke atas, klik "
                "sel Persiapan, tekan Shift + Enter, lalu jalankan lagi sel jawaban Anda.")
    return (f"✗ Python tidak mengenal kata {name}. Kalau itu jawaban, tulis di antara tanda kutip, misalnya "
            f"jawaban_1 = \"{name}\".")


def syntax_error_sentence(error: SyntaxError) -> str:
    line = (error.text or "").strip()
    where = f" baris {error.lineno}" if error.lineno else ""
    shown = f": {line}" if line else ""
    return (f"✗ Python tidak bisa membaca{where} sel ini{shown}. Jawaban ditulis dalam satu baris seperti "
            "jawaban_1 = \"…\" (jawaban di antara tanda kutip). Tekan Ctrl + Z untuk membatalkan perubahan terakhir.")


def sentence_for(value: BaseException) -> str | None:
    """The Indonesian sentence shown instead of the traceback of ``value``, or None to keep the traceback."""
    if isinstance(value, NameError):
        return name_error_sentence(getattr(value, "name", None) or _name_from(value))
    if isinstance(value, SyntaxError):
        return syntax_error_sentence(value)
    if isinstance(value, AssertionError) and str(value).strip():
        text = str(value).strip()
        return text if text.startswith("✗") else f"✗ {text}"
    return None


def _handler(shell, etype, value, tb, tb_offset=None):
    """IPython custom exception handler: show one Indonesian sentence as the error's whole traceback.

    IPython 9 does not display what a handler returns, so the handler shows it through the shell's
    ``_showtraceback`` (the method ipykernel overrides to send the error to the notebook, which also
    keeps the cell's status "error").
    """
    sentence = sentence_for(value)
    stb = [sentence] if sentence else shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    shell._showtraceback(etype, value, stb)


def _name_from(error: NameError) -> str:
    match = re.search(r"name '([^']+)' is not defined", str(error))
    return match.group(1) if match else "itu"


def install_messages(shell) -> None:
    shell.set_custom_exc((NameError, SyntaxError, AssertionError), _handler)


def echo(kuis: FormatKuis, numbers: list[int], namespace: dict) -> None:
    """Print the format check of each answer just assigned (questions the quiz does not have are skipped)."""
    for n in numbers:
        if n in kuis.formats:
            kuis(namespace.get(f"jawaban_{n}"), nomor=n)


def install(shell, kuis: FormatKuis) -> None:
    """Install answer lines as text and Indonesian messages in ``shell`` for ``kuis``; idempotent."""
    shell.user_ns[_ECHO] = lambda numbers: echo(kuis, numbers, shell.user_ns)
    install_messages(shell)
    cleanup = shell.input_transformers_cleanup
    if transform_answer_lines not in cleanup:
        cleanup.append(transform_answer_lines)


def siapkan_kuis(formats: dict, latihan: bool = False) -> FormatKuis:
    """The *Persiapan* cell of a quiz: the quiz's formats, installed in the running kernel if there is one."""
    kuis = FormatKuis(formats, latihan=latihan)
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: the formats still work, only the kernel conveniences are missing
        return kuis
    shell = get_ipython()
    if shell is not None:
        install(shell, kuis)
    return kuis


def load_ipython_extension(shell) -> None:
    """``%load_ext egov_course.quizshell``: Indonesian messages in every kernel, before any quiz is set up."""
    install_messages(shell)
