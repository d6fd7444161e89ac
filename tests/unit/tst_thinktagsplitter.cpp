// ThinkTagSplitter: thinking told from the answer in the content, whatever the
// pieces it comes in, and an ordinary answer left whole.
#include "server/agent/thinktagsplitter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using rill::ThinkTagSplitter;
using Kind = ThinkTagSplitter::Piece::Kind;

namespace {

struct Split
{
    QString thinking;
    QString answer;
    int switches = 0; // how often the kind changed from one piece to the next
};

Split run(const QStringList &chunks)
{
    ThinkTagSplitter splitter;
    QList<ThinkTagSplitter::Piece> pieces;
    for (const QString &chunk : chunks)
        pieces += splitter.feed(chunk);
    pieces += splitter.finish();
    Split out;
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        (pieces.at(i).kind == Kind::Thinking ? out.thinking : out.answer) += pieces.at(i).text;
        if (i > 0 && pieces.at(i).kind != pieces.at(i - 1).kind)
            ++out.switches;
    }
    return out;
}

} // namespace

class TestThinkTagSplitter : public QObject
{
    Q_OBJECT
private slots:
    void splitAtEveryPosition_data();
    void splitAtEveryPosition();
    void oneCharacterAtATime();
    void ordinaryAnswersStayWhole_data();
    void ordinaryAnswersStayWhole();
    void unclosedThinkingIsThinking();
    void piecesComeAsSoonAsTheyAreKnown();
};

void TestThinkTagSplitter::splitAtEveryPosition_data()
{
    QTest::addColumn<QString>("tag");
    QTest::newRow("think") << u"think"_s;
    QTest::newRow("thinking") << u"thinking"_s;
}

void TestThinkTagSplitter::splitAtEveryPosition()
{
    QFETCH(QString, tag);
    const QString text = u"\n<%1>Hmm, 2 < 3 and </b> is no tag.</%1>\n\nThe **answer**."_s.arg(tag);
    // Every way of cutting the text in two, and in three.
    for (qsizetype i = 0; i <= text.size(); ++i) {
        for (qsizetype j = i; j <= text.size(); j += 3) {
            const Split got = run({ text.left(i), text.mid(i, j - i), text.mid(j) });
            QCOMPARE(got.thinking, u"Hmm, 2 < 3 and </b> is no tag."_s);
            QCOMPARE(got.answer, u"The **answer**."_s);
            QCOMPARE(got.switches, 1);
        }
    }
}

void TestThinkTagSplitter::oneCharacterAtATime()
{
    const QString text = u"<think>a</thin b</think>c"_s;
    QStringList chars;
    for (QChar c : text)
        chars.append(QString(c));
    const Split got = run(chars);
    QCOMPARE(got.thinking, u"a</thin b"_s);
    QCOMPARE(got.answer, u"c"_s);
}

void TestThinkTagSplitter::ordinaryAnswersStayWhole_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("lone close") << u"Step one.</think> Step two."_s;
    QTest::newRow("close first") << u"</think>The answer."_s;
    QTest::newRow("quoted later") << u"Wrap it in <think> tags, then </think>."_s;
    QTest::newRow("a prefix only") << u"<thin ice>"_s;
    QTest::newRow("partial at end") << u"<thi"_s;
    QTest::newRow("blank") << u"  \n"_s;
}

void TestThinkTagSplitter::ordinaryAnswersStayWhole()
{
    QFETCH(QString, text);
    for (qsizetype i = 0; i <= text.size(); ++i) {
        const Split got = run({ text.left(i), text.mid(i) });
        QCOMPARE(got.thinking, QString());
        QCOMPARE(got.answer, text);
    }
}

void TestThinkTagSplitter::unclosedThinkingIsThinking()
{
    // A model cut short by max_tokens while it thinks.
    const Split got = run({ u"<think>still going</thi"_s });
    QCOMPARE(got.thinking, u"still going</thi"_s);
    QCOMPARE(got.answer, QString());
}

void TestThinkTagSplitter::piecesComeAsSoonAsTheyAreKnown()
{
    ThinkTagSplitter splitter;
    QVERIFY(splitter.feed(u"<thi"_s).isEmpty()); // a tag may be starting
    const auto thinking = splitter.feed(u"nk>one two</th"_s);
    QCOMPARE(thinking.size(), 1);
    QCOMPARE(thinking.at(0).kind, Kind::Thinking);
    QCOMPARE(thinking.at(0).text, u"one two"_s); // "</th" is held back
    QVERIFY(splitter.thinking());
    const auto answer = splitter.feed(u"ink>\n\nYes"_s);
    QCOMPARE(answer, (QList<ThinkTagSplitter::Piece> { { Kind::Answer, u"Yes"_s } }));
    QVERIFY(!splitter.thinking());
    QCOMPARE(splitter.feed(u" </think>"_s),
        (QList<ThinkTagSplitter::Piece> { { Kind::Answer, u" </think>"_s } }));
}

QTEST_GUILESS_MAIN(TestThinkTagSplitter)
#include "tst_thinktagsplitter.moc"
