/// The words generated cells are made of. Plain ASCII, because `divide` and `extract` classes are
/// ASCII and a cell outside them would only test the character tables, not the pipeline.
enum Vocabulary {
    static let firstNames = [
        "Ana", "John", "Mei", "Omar", "Lena", "Raj", "Sofia", "Tom", "Ines", "Kofi", "Yuki", "Pablo",
        "Greta", "Ivan", "Nadia", "Sam",
    ]
    static let lastNames = [
        "Lopez", "Smith", "Chen", "Haddad", "Novak", "Patel", "Rossi", "Brown", "Silva", "Mensah", "Tanaka",
        "Garcia", "Berg", "Petrov", "Karimi", "Reed",
    ]
    static let streets = ["Oak", "Elm", "Maple", "Cedar", "Pine", "Lake", "Hill", "Park", "Mill", "River"]
    static let streetTypes = ["St", "Ave", "Rd", "Ln", "Blvd"]
    static let cities = ["Springfield", "Riverton", "Fairview", "Salem", "Franklin", "Greenville", "Madison", "Clinton"]
    static let states = ["IL", "OR", "MA", "TX", "OH", "GA"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let upperLetters = Array("ABCDEFGHJKLMNPQRSTUVWXZ").map(String.init)
    /// Small sets of category words, so that a column of them repeats values as group keys do.
    static let categories = [
        ["Sales", "Ops", "HR", "Legal", "IT", "Finance"],
        ["North", "South", "East", "West", "Central"],
        ["Widget", "Gadget", "Sprocket", "Gizmo", "Bolt"],
        ["Red", "Blue", "Green", "Black", "White"],
        ["Open", "Closed", "Pending", "Shipped"],
    ]
    /// Titles of a wide table's value columns: a series the columns follow.
    static let series = [
        ["Q1", "Q2", "Q3", "Q4", "Q5"],
        ["2019", "2020", "2021", "2022", "2023"],
        ["Jan", "Feb", "Mar", "Apr", "May"],
        ["Week 1", "Week 2", "Week 3", "Week 4", "Week 5"],
        ["Mon", "Tue", "Wed", "Thu", "Fri"],
    ]
}
