import Testing
@testable import Huizong

/// The reader of plainly written markup that a receiver's shortcut uses: it accepts only what is
/// well-formed as it stands and gives up, reading nothing, on anything else.
@Suite struct PlainMarkupTests {
    @Test func readsLiteralsAttributesAndText() {
        read(#"<c r="B5" s="12" t="inlineStr"><is><t>东岙村 1号</t></is></c>"#) { markup in
            let opened = markup.read("<c"), other = markup.read("<d")
            #expect(opened && !other)
            var attributes: [String] = []
            while let (name, value) = markup.attribute() {
                attributes.append(String(decoding: name, as: UTF8.self) + "=" + String(decoding: value, as: UTF8.self))
            }
            #expect(attributes == ["r=B5", "s=12", "t=inlineStr"])
            let inline = markup.read("><is><t>")
            let text = markup.text().map { String(decoding: $0, as: UTF8.self) }
            let closed = markup.read("</t></is></c>")
            #expect(inline && text == "东岙村 1号" && closed)
            let beyond = markup.read(">")
            #expect(markup.offset == 65 && !beyond)
        }
    }

    @Test func givesUpOnAttributesItDoesNotReadPlainly() {
        for tag in [#"<c r='A1'>"#, #"<c r = "A1">"#, #"<c  r="A1">"#, "<c\nr=\"A1\">", #"<c r="A&amp;1">"#, #"<c r="">"#,
                    #"<c r="A-1">"#, #"<c x:r="A1">"#, #"<c r1="A1">"#, #"<c r="A1"#] {
            read(tag) { markup in
                _ = markup.read("<c")
                let attribute = markup.attribute()
                #expect(attribute == nil && markup.offset == 2, "\(tag)")
            }
        }
    }

    @Test func namesAndTheirEndTags() {
        read("<harmony_score>52.4</harmony_score>") { markup in
            let opened = markup.read("<")
            guard let name = markup.name() else {
                Issue.record("no name read")
                return
            }
            let closed = markup.read(">")
            let text = markup.text().map { String(decoding: $0, as: UTF8.self) }
            let endTag = markup.read("</")
            let endName = markup.read(name)
            let ended = markup.read(">")
            #expect(opened && String(decoding: name, as: UTF8.self) == "harmony_score" && closed)
            #expect(text == "52.4" && endTag && endName && ended && markup.offset == 35)
        }
        for (markup, expected) in [("a-b.c9>", "a-b.c9"), ("_x/>", "_x"), ("x:y>", "x"), ("名称>", nil), ("9a>", nil), ("-a>", nil), ("", nil)] {
            read(markup) { reader in
                let name = reader.name().map { String(decoding: $0, as: UTF8.self) }
                #expect(name == expected && reader.offset == (expected?.utf8.count ?? 0), "\(markup)")
            }
        }
    }

    @Test func textUpToALessThan() {
        for (text, expected) in [("</v>", ""), ("12.5</v>", "12.5"), ("a\tb</v>", "a\tb"), ("𠀀中</v>", "𠀀中")] {
            read(text) { markup in
                let read = markup.text().map { String(decoding: $0, as: UTF8.self) }
                #expect(read == expected && markup.offset == expected.utf8.count)
            }
        }
    }

    /// What the scanner would resolve, normalise or refuse, and text the bytes end in.
    @Test func givesUpOnTextThatIsNotPlain() {
        let texts: [[UInt8]] = [
            Array("a&amp;b<".utf8), Array("a]]>b<".utf8), Array("a]b<".utf8), Array("a\nb<".utf8), Array("a\rb<".utf8),
            Array("a\u{1}b<".utf8), Array("a\u{FFFE}<".utf8), Array("a\u{FFFF}<".utf8), Array("no end".utf8),
            [0x61, 0xC3, 0x28, 0x3C], [0x61, 0xE4, 0xB8], [0x61, 0xED, 0xA0, 0x80, 0x3C], [0x61, 0xC0, 0xAF, 0x3C], [0x61, 0xFF, 0x3C],
        ]
        for text in texts {
            text.withUnsafeBufferPointer { utf8 in
                var markup = PlainMarkup(utf8)
                let read = markup.text()
                #expect(read == nil && markup.offset == 0, "\(text)")
            }
        }
    }

    @Test func readsNothingPastItsBytes() {
        read("<c") { markup in
            let longer = markup.read("<c>"), exact = markup.read("<c")
            let attribute = markup.attribute(), text = markup.text()
            #expect(!longer && exact && attribute == nil && text == nil && markup.offset == 2)
        }
        [UInt8]().withUnsafeBufferPointer { empty in
            var markup = PlainMarkup(empty)
            let literal = markup.read("<"), text = markup.text()
            #expect(!literal && text == nil)
        }
    }

    private func read(_ markup: String, _ body: (inout PlainMarkup) -> Void) {
        Array(markup.utf8).withUnsafeBufferPointer { utf8 in
            var reader = PlainMarkup(utf8)
            body(&reader)
        }
    }
}
