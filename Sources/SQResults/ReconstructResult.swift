/// `reconstruct ipd`: the table of rebuilt patients and how close its
/// Kaplan–Meier curve is to the digitised one.
public struct ReconstructResult: Codable, Sendable {
    public var table: String
    public var n: Int
    public var events: Int
    /// Largest |S_rebuilt(t) − S_input(t)| over the digitised times.
    public var maximumDifference: Double

    enum CodingKeys: String, CodingKey { case table, n, events, maximumDifference = "max_difference" }

    public init(table: String, n: Int, events: Int, maximumDifference: Double) {
        self.table = table
        self.n = n
        self.events = events
        self.maximumDifference = maximumDifference
    }
}
