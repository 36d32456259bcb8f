/// How an analysis wants a result column read: as numbers (NULL mask kept) or as text.
public enum ColumnKind: Sendable, Hashable { case real, text }
