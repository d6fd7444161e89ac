// MarkdownExport: a conversation holding code, a plan, thinking, a tool call
// and a turn with three versions, written as Markdown a person reads.
#include "ui/widgets/markdownexport.h"

#include <QTest>

using namespace Qt::StringLiterals;
using rill::ChatItem;
using rill::PlanStep;
using rill::StepState;
using Kind = ChatItem::Kind;

namespace {

ChatItem row(Kind kind, const QString &text)
{
    ChatItem item;
    item.kind = kind;
    item.text = text;
    return item;
}

} // namespace

class TestMarkdownExport : public QObject
{
    Q_OBJECT
private slots:
    void conversationWithCodePlanAndVersions();
    void openFenceIsClosed();
    void fenceOutlastsBackticksInside();
};

void TestMarkdownExport::conversationWithCodePlanAndVersions()
{
    rill::ConversationHeader header;
    header.title = u"Sorting in C++"_s;
    header.created = QDateTime(QDate(2026, 12, 2), QTime(9, 30), Qt::UTC);

    ChatItem question = row(Kind::User, u"How do I sort a vector?"_s);
    question.versions
        = { { row(Kind::User, u"an older question"_s), row(Kind::Assistant, u"an older answer"_s) },
              {}, { row(Kind::User, u"a third try"_s) } };
    question.shownVersion = 1;
    ChatItem thinking = row(Kind::Thinking, u"The user wants **std::sort**."_s);
    thinking.thinkingMs = 2500;
    ChatItem plan;
    plan.kind = Kind::Plan;
    plan.steps = { PlanStep { u"1. 下载歌曲"_s, StepState::Done, u"ok"_s },
        PlanStep { u"2. 分析歌曲"_s, StepState::Failed, u"no network"_s },
        PlanStep { u"3. 解析参数"_s, StepState::Pending, {} } };
    PlanStep tool { u"Search the docs"_s, StepState::Running, {} };
    tool.tool = u"search_docs"_s;
    tool.arguments = u"{\n    \"q\": \"std::sort\"\n}"_s;
    plan.steps.append(tool);
    const QString code = u"```cpp\n#include <algorithm>\n\nstd::sort(v.begin(), v.end());\n```"_s;
    const QString answer = u"Use `std::sort`:\n\n"_s + code + u"\n\nThat is all."_s;

    const QString md = rill::MarkdownExport::write(header,
        { question, thinking, plan, row(Kind::Assistant, answer),
            row(Kind::Error, u"the server went away"_s) });

    QVERIFY2(md.startsWith(u"# Sorting in C++\n"_s), qPrintable(md));
    QVERIFY(md.contains(u"2026-12-02 09:30 UTC"_s));
    QVERIFY(md.contains(u"## You\n"_s));
    QCOMPARE(md.count(u"## Assistant\n"_s), 1); // one heading over the whole answer
    // Only the version shown, and the count of the others.
    QVERIFY(md.contains(u"How do I sort a vector?"_s));
    QVERIFY(md.contains(u"Version 2 of 3"_s));
    QVERIFY(!md.contains(u"an older answer"_s));
    QVERIFY(!md.contains(u"a third try"_s));
    // The code exactly as the model wrote it, language and all.
    QVERIFY2(md.contains(code), qPrintable(md));
    QVERIFY(md.contains(u"Use `std::sort`:"_s));
    // The plan as a task list: ticked when done, the state in words otherwise.
    QVERIFY2(md.contains(u"- [x] 1. 下载歌曲: ok\n"_s), qPrintable(md));
    QVERIFY(md.contains(u"- [ ] 2. 分析歌曲 — *failed*: no network\n"_s));
    QVERIFY(md.contains(u"- [ ] 3. 解析参数 — *pending*\n"_s));
    QVERIFY(md.contains(u"- [ ] Search the docs (`search_docs`) — *running*\n"_s));
    // The tool call named, its arguments fenced inside the list item.
    QVERIFY(md.contains(u"  Tool call `search_docs`, arguments:\n  ```json\n  {\n"_s));
    // Thinking folded away, its Markdown kept.
    QVERIFY(md.contains(u"<details>\n<summary>Thought for 2.5 s</summary>\n\n"
                        "The user wants **std::sort**.\n\n</details>"_s));
    QVERIFY(md.contains(u"> **Error:** the server went away"_s));
    // Every fence opened is closed.
    QCOMPARE(md.count(u"```"_s) % 2, 0);
    // The order of the rows is kept.
    QVERIFY(md.indexOf(u"<details>"_s) < md.indexOf(u"- [x]"_s));
    QVERIFY(md.indexOf(u"- [x]"_s) < md.indexOf(code));
}

void TestMarkdownExport::openFenceIsClosed()
{
    ChatItem stopped = row(Kind::Assistant, u"Here:\n\n~~~python\nprint(1)"_s);
    stopped.end = rill::RunEnd::Stopped;
    const QString md = rill::MarkdownExport::write(
        {}, { row(Kind::User, u"a"_s), stopped, row(Kind::User, u"next"_s) });
    // The answer cut short inside its code: the code ends before the next turn.
    QVERIFY2(md.contains(u"~~~python\nprint(1)\n~~~\n"_s), qPrintable(md));
    QVERIFY(md.contains(u"*Stopped.*"_s));
    QVERIFY(md.indexOf(u"~~~\n"_s) < md.lastIndexOf(u"## You"_s));
    QVERIFY(md.startsWith(u"# Conversation\n"_s));
}

void TestMarkdownExport::fenceOutlastsBackticksInside()
{
    const QString text = u"a ``` b ```` c"_s;
    QCOMPARE(rill::MarkdownExport::fenced(text, u"txt"_s), u"`````txt\na ``` b ```` c\n`````"_s);
    QCOMPARE(rill::MarkdownExport::fenced(u"x"_s), u"```\nx\n```"_s);
}

QTEST_GUILESS_MAIN(TestMarkdownExport)
#include "tst_markdownexport.moc"
