/// The family a task belongs to: the unit train/valid splits keep together, so near-duplicates of
/// a task never sit on both sides.
public enum TaskFamily {
    /// A family the task file declares (generated tasks carry a `"family"` key); else, for a
    /// Foofah variant `exp0_<name>_<k>`, its scenario `exp0_<name>` (the five variants share the
    /// same data); else the task id itself.
    ///
    /// The variant rule is limited to Foofah's `exp0_` ids: applied to any `<name>_<k>`, ids such
    /// as `arc_0042` would put a whole benchmark into one family.
    public static func of(taskID: String, declared: String? = nil) -> String {
        if let declared, !declared.isEmpty { return declared }
        guard taskID.hasPrefix("exp0_"), let underscore = taskID.lastIndex(of: "_") else { return taskID }
        let variant = taskID[taskID.index(after: underscore)...]
        guard !variant.isEmpty, variant.allSatisfy(\.isASCII), Int(variant) != nil else { return taskID }
        let scenario = taskID[..<underscore]
        return scenario == "exp0" ? taskID : String(scenario)
    }
}
