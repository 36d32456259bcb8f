"""Writes the small workbooks the import tests read, with openpyxl:
    python3 make_workbook.py   (from this folder; needs `pip install openpyxl`)
Every cell below is asserted by Tests/SQStoreTests/XLSXImportTests.swift."""
import datetime
from openpyxl import Workbook

wb = Workbook()
ws = wb.active
ws.title = "patients"
ws.append(["id", "time", "status", "sex", "diagnosed", "smoker", "score", "note"])
rows = [
    (1, 5.5, 1, "male", datetime.date(2019, 1, 15), True, 3, "first"),
    (2, 12, 0, "female", datetime.date(2020, 2, 29), False, None, None),
    (3, 30.25, 1, "female", None, True, "7", "shared"),
    (4, 7, 1, None, datetime.date(1959, 12, 31), None, 4, "shared"),
    (5, 48, 0, "male", datetime.datetime(2021, 7, 4, 0, 0), False, 5, "x < y & \"z\""),
]
for row in rows:
    ws.append(row)
for cell in ws["E"][1:]:
    cell.number_format = "yyyy-mm-dd"
# A second sheet, chosen by name or position, with a number column holding a stray "unknown".
lat = wb.create_sheet("LAT")
lat.append(["site", "n", "measured"])
lat.append(["Leiden", 10, datetime.datetime(2020, 3, 1, 12, 30)])
lat.append(["Utrecht", "unknown", datetime.datetime(2020, 3, 2, 0, 0)])
lat.append(["Nijmegen", 30, None])
lat.append([None, None, None])  # an empty trailing row is not data
for cell in lat["C"][1:]:
    cell.number_format = "yyyy-mm-dd hh:mm"
wb.save("workbook.xlsx")

# The 1904 date system (old Mac Excel): the same dates, serial numbers 1462 days smaller.
wb = Workbook()
ws = wb.active
ws.title = "dates"
wb.epoch = datetime.datetime(1904, 1, 1)
ws.append(["visit", "value"])
ws.append([datetime.date(2019, 1, 15), 1])
ws.append([datetime.date(1904, 1, 2), 2])
for cell in ws["A"][1:]:
    cell.number_format = "d-mmm-yy"
wb.save("dates1904.xlsx")


def share_strings(path):
    """openpyxl writes inline strings; Excel itself writes a shared-string table
    (xl/sharedStrings.xml, cells t="s" holding an index). Rewrite the workbook the
    way Excel saves it, so the reader's shared-string path is tested too."""
    import re
    import zipfile
    from xml.sax.saxutils import escape
    from html import unescape

    with zipfile.ZipFile(path) as z:
        entries = {name: z.read(name) for name in z.namelist()}
    strings, index = [], {}

    def shared(match):
        text = unescape(match.group(2))
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return '<c r="%s" t="s"><v>%d</v></c>' % (match.group(1), index[text])

    pattern = re.compile(r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>(.*?)</t></is></c>')
    for name in list(entries):
        if name.startswith("xl/worksheets/sheet"):
            entries[name] = pattern.sub(shared, entries[name].decode()).encode()
    table = "".join("<si><t>%s</t></si>" % escape(s) for s in strings)
    entries["xl/sharedStrings.xml"] = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                                      'count="%d" uniqueCount="%d">%s</sst>' % (len(strings), len(strings), table)).encode()
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    entries["xl/_rels/workbook.xml.rels"] = entries["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId99"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)


share_strings("workbook.xlsx")
