/// Median follow-up by the reverse Kaplan–Meier method (Schemper & Smith
/// 1996): the KM estimate with events and censorings swapped, i.e.
/// survfit(Surv(time, 1 − status) ~ 1), and its median with confidence limits.
public enum FollowUp {
    public static func reverseKaplanMeier(time: [Double], event: [Bool], conf: Double = 0.95,
                                          confType: ConfidenceType = .log) throws -> MedianEstimate {
        try KaplanMeier.fit(time: time, event: event.map { !$0 }, conf: conf, confType: confType).median()
    }
}
