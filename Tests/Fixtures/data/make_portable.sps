* Writes labelled.por, the SPSS portable file the import tests read, with GNU PSPP
* (Debian `pspp`) from the haven-written labelled.sav:  pspp make_portable.sps
* (from this folder). Every value is asserted by ReadStatImportTests.swift.
GET FILE='labelled.sav'.
EXPORT OUTFILE='labelled.por'.
