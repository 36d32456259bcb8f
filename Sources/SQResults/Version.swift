/// The SQ release this library belongs to.
public enum SQVersion {
    public static let string = "0.1.0"
}
