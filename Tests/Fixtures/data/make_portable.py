# Writes portable.por, the SPSS portable file the import tests read, with pyreadstat's
# write_por (ReadStat's own portable writer; `pip install pyreadstat`):
#   python3 make_portable.py   (from this folder)
# Every value below is asserted by Tests/SQStoreTests/ReadStatImportTests.swift.
# (write_por takes no value labels: the portable format's value labels are untested.)
import pandas as pd
import pyreadstat

frame = pd.DataFrame({
    "id": [1, 2, 3, 4, 5, 6],
    "time": [5.5, 12.0, 30.25, 7.0, 48.0, 3.0],
    "status": [1, 0, 1, 1, 0, 1],
    "grade": [2, 1, 3, 2, 1, None],
})
pyreadstat.write_por(frame, "portable.por",
                     column_labels=["Patient id", "Follow-up (months)", "Event", "Tumour grade"])
