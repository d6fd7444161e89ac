// Fenced code in a model's answer: highlighted by GNU source-highlight (a
// keyword's format differs from an identifier's), with its own background,
// and an unclosed fence (an answer still streaming) laid out as code already,
// so that the closing fence changes nothing drawn before it.
#include "ui/widgets/codehighlighter.h"
#include "ui/widgets/modeltextdocument.h"

#include <QTest>
#include <QTextBlock>

using namespace Qt::StringLiterals;
using rill::ModelTextDocument;

namespace {

// The format of the character at `needle`'s first occurrence in the document.
QTextCharFormat formatAt(const QTextDocument &document, const QString &needle)
{
    const QTextCursor found = document.find(needle);
    if (found.isNull())
        return {};
    QTextCursor cursor(const_cast<QTextDocument *>(&document));
    cursor.setPosition(found.selectionStart() + 1);
    return cursor.charFormat();
}

} // namespace

class TestCodeBlocks : public QObject
{
    Q_OBJECT
private slots:
    void keywordsAreHighlighted();
    void unknownLanguageIsPlainCode();
    void unclosedFenceIsCode();
    void spansCountUtf16();
};

void TestCodeBlocks::keywordsAreHighlighted()
{
    ModelTextDocument document;
    document.setModelMarkdown(
        u"Some code:\n\n```python\ndef greet(name):\n    return name\n```\n\nafter"_s);
    const QTextCharFormat keyword = formatAt(document, u"def"_s);
    const QTextCharFormat identifier = formatAt(document, u"greet"_s);
    QVERIFY(keyword.foreground() != identifier.foreground()
        || keyword.fontWeight() != identifier.fontWeight());
    QCOMPARE(formatAt(document, u"return"_s).foreground(), keyword.foreground());
    // The code has a background of its own; the paragraph after it does not.
    const QTextBlock code = document.find(u"def"_s).block();
    QVERIFY(code.blockFormat().background().style() != Qt::NoBrush);
    QCOMPARE(document.find(u"after"_s).block().blockFormat().background().style(), Qt::NoBrush);
}

void TestCodeBlocks::unknownLanguageIsPlainCode()
{
    QVERIFY(rill::CodeHighlighter::knows(u"cpp"_s));
    QVERIFY(rill::CodeHighlighter::knows(u"py"_s));
    QVERIFY(!rill::CodeHighlighter::knows(u"no-such-language"_s));
    ModelTextDocument document;
    document.setModelMarkdown(u"```no-such-language\ndef x\n```\n"_s);
    QVERIFY(document.find(u"def"_s).block().blockFormat().background().style() != Qt::NoBrush);
}

void TestCodeBlocks::unclosedFenceIsCode()
{
    const QString streamed = u"Here:\n\n```cpp\nint main() {\n    return 0;"_s;
    ModelTextDocument open;
    open.setModelMarkdown(streamed);
    const QTextBlock block = open.find(u"return"_s).block();
    QCOMPARE(block.blockFormat().stringProperty(QTextFormat::BlockCodeLanguage), u"cpp"_s);
    QVERIFY(block.blockFormat().background().style() != Qt::NoBrush);
    // The same formats once the fence closes: nothing flickers.
    ModelTextDocument closed;
    closed.setModelMarkdown(streamed + u"\n}\n```\n"_s);
    QCOMPARE(formatAt(open, u"return"_s), formatAt(closed, u"return"_s));
    QCOMPARE(formatAt(open, u"main"_s), formatAt(closed, u"main"_s));
    QCOMPARE(
        open.find(u"int"_s).block().blockFormat(), closed.find(u"int"_s).block().blockFormat());
}

void TestCodeBlocks::spansCountUtf16()
{
    // A string holding CJK and an emoji: spans after it start where the text does.
    const auto lines = rill::CodeHighlighter::highlight(u"python"_s, u"s = '晴天😀'; return s"_s);
    QCOMPARE(lines.size(), 1);
    const QString line = u"s = '晴天😀'; return s"_s;
    bool sawKeyword = false;
    for (const auto &span : lines.first()) {
        if (span.element == u"keyword"_s) {
            QCOMPARE(line.mid(span.start, span.length), u"return"_s);
            sawKeyword = true;
        }
    }
    QVERIFY(sawKeyword);
}

QTEST_MAIN(TestCodeBlocks)
#include "tst_codeblocks.moc"
