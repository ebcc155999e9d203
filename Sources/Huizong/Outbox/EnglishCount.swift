/// English counts with the noun in the right number: "1 file", "2 files".
enum EnglishCount {
    static func of(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
    }
}
