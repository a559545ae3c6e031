import datetime as dt

import pytest
import sqlalchemy as sa

from egov_course.cli import main
from egov_course.coursedir import Course
from egov_course.errors import RosterError
from egov_course.roster import import_learners, learners_in_gradebook, parse_nip, read_roster

TODAY = dt.date(2026, 11, 29)
GOOD = "19900214 201503 2 007"


class TestParseNip:
    def test_decodes_every_part(self):
        nip = parse_nip(GOOD, today=TODAY)
        assert nip.digits == "199002142015032007"
        assert nip.birth_date == dt.date(1990, 2, 14)
        assert (nip.cpns_year, nip.cpns_month) == (2015, 3)
        assert nip.sex == 2 and nip.sex_label == "perempuan"
        assert nip.serial == 7
        assert nip.formatted() == GOOD

    def test_spaces_tabs_and_nbsp_are_removed(self):
        assert parse_nip(" 19900214\t201503\u00a02 007 ", today=TODAY).digits == "199002142015032007"

    def test_appointment_in_the_month_of_the_18th_birthday_is_allowed(self):
        assert parse_nip("200005012018051001", today=TODAY).cpns_year == 2018

    @pytest.mark.parametrize(
        "text, fragment",
        [
            ("", "kosong"),
            ("1990021420150320", "18 digit; yang tertulis 16"),
            ("1990021420150320071", "18 digit; yang tertulis 19"),
            ("19900214201503200A", "hanya boleh berisi angka"),
            ("1990-02-14 201503 2 007", "hanya boleh berisi angka"),
            ("199013142015032007", "bukan tanggal lahir"),
            ("199002302015032007", "bukan tanggal lahir"),
            ("203001012050011001", "masa depan"),
            ("199002142015132007", "bulan 13"),
            ("199002142015002007", "bulan 0"),
            ("200005012018041001", "ulang tahun ke-18"),
            ("199002142027032007", "TMT CPNS pada NIP (03-2027) ada di masa depan"),
            ("199002142015033007", "harus 1 atau 2, bukan 3"),
            ("199002142015030007", "harus 1 atau 2, bukan 0"),
            ("199002142015031000", "tidak boleh 000"),
        ],
    )
    def test_bad_nip_says_what_is_wrong(self, text, fragment):
        with pytest.raises(ValueError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
            parse_nip(text, today=TODAY)

    def test_non_text_is_refused(self):
        with pytest.raises(ValueError, match="teks"):
            parse_nip(199002142015032007)


ROWS = (
    "nip,nama,opd,email\n"
    "19900214 201503 2 007,Sari Wibowo,bappeda,sari@contoh.invalid\n"
    "198511032010121001,Agus Lubis,Dinas Kesehatan,\n"
    "19780520 200301 1 012,Dewi  Rahayu,dumai barat,\n"
)


class TestReadRoster:
    def test_good_roster_maps_opd_by_code_name_or_alias(self, write_csv):
        learners = read_roster(write_csv(ROWS), today=TODAY)
        assert [(lr.nama, lr.opd, lr.row) for lr in learners] == [
            ("Sari Wibowo", "bappeda", 2), ("Agus Lubis", "dinkes", 3), ("Dewi Rahayu", "kec_dumai_barat", 4)]
        assert learners[0].email == "sari@contoh.invalid" and learners[1].email is None

    def test_excel_semicolons_bom_any_column_order_and_blank_lines(self, write_csv):
        text = "\ufeffOPD;Nama;NIP\r\nSetda;Budi Putra;19900214 201503 1 007\r\n;;\r\n\r\nBPBD;Rina Sari;198511032010122001\r\n"
        learners = read_roster(write_csv(text), today=TODAY)
        assert [(lr.nama, lr.opd) for lr in learners] == [("Budi Putra", "setda"), ("Rina Sari", "bpbd")]

    def test_every_bad_row_is_named_and_nothing_is_returned(self, write_csv):
        text = ROWS + (
            "19900214 201503 2 00,Nama Pendek,bappeda,\n"  # line 5: 17 digits
            "199002142015032007,Sari Lagi,bappeda,\n"  # line 6: duplicate of line 2
            "198001012005011001,Joko Hakim,Dinas Antah Berantah,\n"  # line 7: unknown OPD
            "198001012005011002,,setda,bukan-email\n"  # line 8: no name, bad email
        )
        with pytest.raises(RosterError) as info:
            read_roster(write_csv(text), today=TODAY)
        found = {(p.row, p.field) for p in info.value.problems}
        assert found == {(5, "nip"), (6, "nip"), (7, "opd"), (8, "nama"), (8, "email")}
        message = str(info.value)
        assert "baris 6, kolom 'nip': NIP 19900214 201503 2 007 sudah ada di baris 2" in message
        assert "'Dinas Antah Berantah' tidak ada di daftar OPD" in message
        assert "roster.csv" in message and "tidak ada data yang diimpor" in message

    def test_missing_column_is_named(self, write_csv):
        with pytest.raises(RosterError, match="kolom wajib 'opd' tidak ada; judul kolom yang ditemukan: nip, nama"):
            read_roster(write_csv("nip,nama\n199002142015032007,Sari\n"), today=TODAY)

    @pytest.mark.parametrize("content", ["", "   \n\n"])
    def test_empty_file(self, write_csv, content):
        with pytest.raises(RosterError, match="berkas kosong"):
            read_roster(write_csv(content), today=TODAY)

    def test_header_only(self, write_csv):
        with pytest.raises(RosterError, match="tidak ada baris peserta"):
            read_roster(write_csv("nip,nama,opd\n"), today=TODAY)

    def test_wrong_encoding_names_the_line_and_the_fix(self, write_csv):
        text = ROWS + "198001012005011001,Sàri Öztürk,setda,\n"
        with pytest.raises(RosterError) as info:
            read_roster(write_csv(text.encode("cp1252")), today=TODAY)
        assert info.value.problems[0].row == 5
        assert "bukan UTF-8" in str(info.value) and "CSV UTF-8" in str(info.value)

    def test_too_many_values_in_a_row(self, write_csv):
        with pytest.raises(RosterError, match="baris 2: ada 5 nilai, padahal ada 4 kolom"):
            read_roster(write_csv("nip,nama,opd,email\n199002142015032007,Wibowo, Sari,bappeda,x@y.id\n"), today=TODAY)

    def test_missing_file(self, tmp_path):
        with pytest.raises(RosterError, match="tidak ditemukan"):
            read_roster(tmp_path / "nope.csv")

    def test_a_nip_excel_turned_into_a_number_says_how_to_fix_the_column(self, write_csv):
        text = ROWS + "1.98001E+17,Joko Hakim,setda,\n\"1,98001E+17\",Rina Hakim,setda,\n"  # the comma: Indonesian Excel
        with pytest.raises(RosterError) as info:
            read_roster(write_csv(text), today=TODAY)
        assert {(p.row, p.field) for p in info.value.problems} == {(5, "nip"), (6, "nip")}
        message = str(info.value)
        assert "NIP '1.98001E+17' tersimpan sebagai angka, bukan teks" in message and "Format Cells → Text" in message
        assert "hanya boleh berisi angka" not in message

    def test_example_roster_in_the_repo_is_valid(self):
        from conftest import REPO

        assert len(read_roster(REPO / "examples" / "roster_contoh.csv")) >= 5


class TestImport:
    def test_pseudonyms_are_stable_and_never_the_nip(self, course_dir, write_csv):
        course = Course(course_dir)
        first = import_learners(course, read_roster(write_csv(ROWS), today=TODAY))
        assert first.added == ["asn-0001", "asn-0002", "asn-0003"] and first.updated == []

        moved = ROWS.replace("Agus Lubis,Dinas Kesehatan", "Agus Lubis,Inspektorat") + "198001012005011001,Joko Hakim,setda,\n"
        second = import_learners(course, read_roster(write_csv(moved, "again.csv"), today=TODAY))
        assert second.added == ["asn-0004"] and second.updated == ["asn-0001", "asn-0002", "asn-0003"]

        rows = {r["student_id"]: r for r in learners_in_gradebook(course)}
        assert rows["asn-0002"]["opd"] == "inspektorat" and rows["asn-0002"]["nip"] == "198511032010121001"
        assert not any(r["synthetic"] for r in rows.values())
        with course.gradebook() as gb:
            students = {s.id: s for s in gb.students}
        assert sorted(students) == ["asn-0001", "asn-0002", "asn-0003", "asn-0004"]
        assert students["asn-0001"].first_name == "Sari Wibowo"
        assert students["asn-0001"].email == "sari@contoh.invalid"

    def test_cli_import_prints_counts(self, course_dir, write_csv, capsys):
        assert main(["roster", "import", str(write_csv(ROWS)), "--course-dir", str(course_dir)]) == 0
        assert "3 peserta, 3 baru, 0 diperbarui" in capsys.readouterr().out

    def test_cli_bad_roster_imports_nothing(self, course_dir, write_csv, capsys):
        bad = ROWS + "19900214 201503 2 00,Nama Pendek,bappeda,\n"
        assert main(["roster", "import", str(write_csv(bad)), "--course-dir", str(course_dir)]) == 2
        err = capsys.readouterr().err
        assert "baris 5, kolom 'nip': NIP harus 18 digit" in err
        db = course_dir / "gradebook.db"
        if db.exists():
            engine = sa.create_engine(f"sqlite:///{db}")
            with engine.connect() as conn:
                assert conn.execute(sa.text("SELECT COUNT(*) FROM student")).scalar() == 0
            engine.dispose()


def _workbook(path, rows, nip_as_number_rows=()):
    """An .xlsx with ``rows`` (lists of text); NIP cells of the given (1-based Excel) rows are stored as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if c == 1 and r in nip_as_number_rows:
                cell.value = float(value.replace(" ", ""))  # what Excel does to an 18-digit number
            elif c == 1 and r > 1:
                cell.number_format = "@"  # the column formatted as Text, as the message asks
    book.save(path)
    return path


class TestExcelRoster:
    HEADER = ["NIP", "Nama", "OPD", "Email"]
    GOOD = [["19900214 201503 2 007", "Sari Wibowo", "bappeda", "sari@contoh.invalid"],
            ["198511032010121001", "Agus Lubis", "Dinas Kesehatan", None],
            ["19780520 200301 1 012", "Dewi  Rahayu", "dumai barat", ""]]

    def test_an_xlsx_roster_reads_like_the_csv(self, tmp_path):
        path = _workbook(tmp_path / "peserta.xlsx", [self.HEADER, *self.GOOD])
        learners = read_roster(path, today=TODAY)
        assert [(lr.nip.digits, lr.nama, lr.opd, lr.row) for lr in learners] == [
            ("199002142015032007", "Sari Wibowo", "bappeda", 2), ("198511032010121001", "Agus Lubis", "dinkes", 3),
            ("197805202003011012", "Dewi Rahayu", "kec_dumai_barat", 4)]

    def test_a_nip_stored_as_a_number_is_named_with_its_row_and_the_fix(self, tmp_path):
        path = _workbook(tmp_path / "peserta.xlsx", [self.HEADER, *self.GOOD], nip_as_number_rows={3})
        with pytest.raises(RosterError) as info:
            read_roster(path, today=TODAY)
        assert [(p.row, p.field) for p in info.value.problems] == [(3, "nip")]
        message = str(info.value)
        assert "peserta.xlsx" in message and "baris 3, kolom 'nip'" in message
        assert "1.98511E+17" in message and "Format Cells → Text" in message

    def test_a_file_that_is_not_a_workbook_and_an_old_xls_are_refused_clearly(self, tmp_path):
        broken = tmp_path / "peserta.xlsx"
        broken.write_bytes(b"bukan zip")
        with pytest.raises(RosterError, match="bukan berkas Excel \\(.xlsx\\) yang bisa dibaca"):
            read_roster(broken, today=TODAY)
        old = tmp_path / "peserta.xls"
        old.write_bytes(b"\xd0\xcf\x11\xe0")
        with pytest.raises(RosterError, match="Excel lama \\(.xls\\)"):
            read_roster(old, today=TODAY)

    def test_an_empty_workbook_and_a_missing_column(self, tmp_path):
        with pytest.raises(RosterError, match="berkas kosong"):
            read_roster(_workbook(tmp_path / "kosong.xlsx", []), today=TODAY)
        with pytest.raises(RosterError, match="kolom wajib 'opd' tidak ada"):
            read_roster(_workbook(tmp_path / "dua.xlsx", [["NIP", "Nama"], ["198511032010121001", "Agus"]]), today=TODAY)

    def test_the_cli_imports_an_xlsx_roster(self, course_dir, tmp_path, capsys):
        from egov_course.cli import main

        path = _workbook(tmp_path / "peserta.xlsx", [self.HEADER, *self.GOOD])
        assert main(["roster", "import", str(path), "--course-dir", str(course_dir)]) == 0
        assert "3" in capsys.readouterr().out
