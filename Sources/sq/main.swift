import SQ
print("sq \(SQVersion.string)")
