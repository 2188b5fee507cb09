"""Reads the first worksheet of an .xlsx file and prints it as JSON.

    /usr/bin/python3 tests/api/tools/read_xlsx.py FILE.xlsx

Prints {"sheet": name, "rows": [[cell, ...], ...], "frozen": bool,
"autofilter": ref or null}, each cell {"ref", "type" ("s" text, "n"
number), "value", "format" (the number format's code, or null), "bold"}.
Only the standard library: zipfile and xml.etree.
"""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
BUILTIN_FORMATS = {0: None, 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 14: "mm-dd-yy"}


def styles(z):
    root = ET.fromstring(z.read("xl/styles.xml"))
    codes = {int(f.get("numFmtId")): f.get("formatCode") for f in root.iterfind("m:numFmts/m:numFmt", NS)}
    fonts = [f.find("m:b", NS) is not None for f in root.iterfind("m:fonts/m:font", NS)]
    out = []
    for xf in root.iterfind("m:cellXfs/m:xf", NS):
        fid = int(xf.get("numFmtId", "0"))
        out.append({
            "format": codes.get(fid, BUILTIN_FORMATS.get(fid)),
            "bold": fonts[int(xf.get("fontId", "0"))],
        })
    return out


def main(path):
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad is not None:
            raise SystemExit(f"corrupt member {bad}")
        xfs = styles(z)
        book = ET.fromstring(z.read("xl/workbook.xml"))
        sheet = book.find("m:sheets/m:sheet", NS).get("name")
        ws = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    shared = []
    rows = []
    for row in ws.iterfind("m:sheetData/m:row", NS):
        cells = []
        for c in row.iterfind("m:c", NS):
            t = c.get("t", "n")
            style = xfs[int(c.get("s", "0"))]
            if t == "inlineStr":
                value = "".join(x.text or "" for x in c.iterfind("m:is//m:t", NS))
                kind = "s"
            elif t == "s":
                value = shared[int(c.find("m:v", NS).text)]
                kind = "s"
            else:
                v = c.find("m:v", NS)
                value = float(v.text) if v is not None else None
                kind = "n"
            cells.append({"ref": c.get("r"), "type": kind, "value": value,
                          "format": style["format"], "bold": style["bold"]})
        rows.append(cells)
    pane = ws.find("m:sheetViews/m:sheetView/m:pane", NS)
    af = ws.find("m:autoFilter", NS)
    print(json.dumps({
        "sheet": sheet,
        "rows": rows,
        "frozen": pane is not None and pane.get("state") == "frozen",
        "autofilter": af.get("ref") if af is not None else None,
    }))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: read_xlsx.py FILE.xlsx")
    main(sys.argv[1])
