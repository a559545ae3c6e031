# --- what a malicious learner might try while the grader runs this cell ---
import json, os, socket
COURSE = os.path.abspath(os.path.join(os.getcwd(), "..", "..", ".."))  # autograded/<id>/<assignment>
PORT = 0  # the test puts the port of a server it runs on 127.0.0.1, outside the sandbox
def attempt(action):
    try:
        result = action()
        return "OK" if result is None else f"OK {result}"
    except BaseException as exc:
        return type(exc).__name__
hasil = {
    "read_gradebook": attempt(lambda: len(open(os.path.join(COURSE, "gradebook.db"), "rb").read(16))),
    "list_submitted": attempt(lambda: sorted(os.listdir(os.path.join(COURSE, "submitted")))),
    "list_autograded": attempt(lambda: sorted(os.listdir(os.path.join(COURSE, "autograded")))),
    "read_source": attempt(lambda: len(open(os.path.join(COURSE, "source", "pretest", "pretest.ipynb")).read())),
    "read_own_notebook": attempt(lambda: len(open("pretest.ipynb").read())),
    "connect_grader_host": attempt(lambda: socket.create_connection(("127.0.0.1", PORT), timeout=3).close()),
    "interfaces": attempt(lambda: [name for _, name in socket.if_nameindex()]),
    "allocate_8_gib": attempt(lambda: len(bytearray(8 << 30))),
    "write_usr": attempt(lambda: open("/usr/egov-escape", "w").close()),
    "overwrite_gradebook": attempt(lambda: open(os.path.join(COURSE, "gradebook.db"), "wb").write(b"x")),
}
print("ESCAPE " + json.dumps(hasil))
