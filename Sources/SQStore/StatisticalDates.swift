import SQBackend
import Foundation

/// How SPSS, Stata and SAS store dates, told by a variable's display format:
/// numbers counted from an epoch, in days or seconds (or milliseconds). The
/// format lists are haven's (`haven:::is_date_format` and friends), so a file
/// reads as it does in R.
enum StatisticalDateKind: Equatable {
    case date, datetime, time
    /// A date-like format SQ does not convert (Stata's %tm, SPSS's MOYR, ...): kept as numbers, with a warning.
    case other(String)

    /// The kind for `format` in a file of `family`, or nil for an ordinary number.
    static func of(format: String, family: StatisticalFamily) -> StatisticalDateKind? {
        let upper = format.uppercased()
        switch family {
        case .stata:
            // %td, %tdDD/NN/CCYY, %d (Stata 6), %tc / %tC (milliseconds), %tw/%tm/%tq/%th/%ty.
            let body = upper.hasPrefix("%-") ? String(upper.dropFirst(2)) : String(upper.dropFirst())
            guard upper.hasPrefix("%") else { return nil }
            if body.hasPrefix("TD") || body.hasPrefix("D") { return .date }
            if body.hasPrefix("TC") { return .datetime }
            if let unit = ["TW": "weeks", "TM": "months", "TQ": "quarters", "TH": "half-years", "TY": "years", "TB": "business days"]
                .first(where: { body.hasPrefix($0.key) }) { return .other("Stata \(format) (\(unit.value))") }
            return nil
        case .spss:
            let name = upper.prefix { $0.isLetter }
            switch name {
            case "DATE", "ADATE", "EDATE", "JDATE", "SDATE": return .date
            case "DATETIME", "YMDHMS": return .datetime
            case "TIME", "DTIME", "MTIME": return .time
            case "WKDAY", "MONTH", "MOYR", "QYR", "WKYR": return .other("SPSS \(format)")
            default: return nil
            }
        case .sas:
            let name = String(upper.prefix { $0.isLetter || $0.isNumber }).trimmingCharacters(in: .decimalDigits)
            if sasDates.contains(name) { return .date }
            if sasDatetimes.contains(name) { return .datetime }
            if sasTimes.contains(name) { return .time }
            return nil
        }
    }

    private static let sasDates: Set<String> = [
        "DATE", "DAY", "DDMMYY", "DDMMYYB", "DDMMYYC", "DDMMYYD", "DDMMYYN", "DDMMYYP", "DDMMYYS", "DOWNAME",
        "E8601DA", "B8601DA", "JULDAY", "JULIAN", "MMDDYY", "MMDDYYB", "MMDDYYC", "MMDDYYD", "MMDDYYN", "MMDDYYP",
        "MMDDYYS", "MMYY", "MMYYC", "MMYYD", "MMYYN", "MMYYP", "MMYYS", "MONNAME", "MONTH", "MONYY", "NLDATE",
        "QTR", "QTRR", "WEEKDATE", "WEEKDATX", "WEEKDAY", "WORDDATE", "WORDDATX", "YEAR", "YYMM", "YYMMC", "YYMMD",
        "YYMMN", "YYMMP", "YYMMS", "YYMMDD", "YYMMDDB", "YYMMDDC", "YYMMDDD", "YYMMDDN", "YYMMDDP", "YYMMDDS",
        "YYMON", "YYQ", "YYQC", "YYQD", "YYQN", "YYQP", "YYQS", "YYQR", "YYQRC", "YYQRD", "YYQRN", "YYQRP", "YYQRS",
        "EURDFDD", "EURDFDE", "MINGUO", "NENGO",
    ]
    private static let sasDatetimes: Set<String> = [
        "DATETIME", "DATEAMPM", "DTDATE", "DTMONYY", "DTWKDATX", "DTYEAR", "DTYYQC", "E8601DT", "B8601DT",
        "E8601DZ", "B8601DZ", "MDYAMPM", "NLDATM", "E8601DN",
    ]
    private static let sasTimes: Set<String> = ["TIME", "HHMM", "HOUR", "MMSS", "TOD", "TIMEAMPM", "E8601TM", "B8601TM", "NLTIME"]
}

/// Which program wrote the file: it decides the epoch and the format names.
enum StatisticalFamily {
    case spss, stata, sas

    /// Days from 1970-01-01 to the family's epoch: SPSS counts seconds from
    /// the Gregorian calendar's first day (1582-10-14), Stata and SAS from 1960-01-01.
    var epochDays: Int64 { self == .spss ? CivilDate.days(1582, 10, 14) : CivilDate.days(1960, 1, 1) }

    /// Seconds per unit of a datetime value (Stata's %tc counts milliseconds).
    var datetimeUnit: Double { self == .stata ? 0.001 : 1 }
}

/// Proleptic Gregorian dates from day counts and back, in integers (Hinnant's
/// `days_from_civil`, http://howardhinnant.github.io/date_algorithms.html).
enum CivilDate {
    static func days(_ y: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(_ z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }

    /// `yyyy-mm-dd` for days since 1970-01-01 (years outside 0–9999 are not dates a file means).
    static func iso(days: Int64) -> String? {
        let (y, m, d) = civil(days)
        guard (0...9999).contains(y) else { return nil }
        return String(format: "%04d-%02d-%02d", Int(y), Int(m), Int(d))
    }

    /// `hh:mm:ss` for seconds within a day.
    static func clock(seconds: Int64) -> String {
        String(format: "%02d:%02d:%02d", Int(seconds / 3600), Int(seconds / 60 % 60), Int(seconds % 60))
    }

    /// A whole number of seconds from a stored value, rounded to the millisecond first
    /// (files store 08:30:00 as 8.5 h in binary fractions), or nil when it is not finite.
    static func wholeSeconds(_ value: Double) -> Int64? {
        guard value.isFinite, abs(value) < 1e15 else { return nil }
        return Int64(((value * 1000).rounded() / 1000).rounded(.down))
    }
}
