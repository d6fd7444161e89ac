// A thinking model in the real window (offscreen): tests/peers/fake_openai.py
// thinking for about a second behind a real ChatServer and the OpenAI agent.
// The block above the answer counts up while it thinks, collapses to "Thought
// for … s" once the answer starts, opens on a click, and comes back as it was
// after a restart; the answer's figures show under it, live and then final.
#include "server/agent/openaiagent.h"
#include "server/http/chatserver.h"
#include "tests/support/fakeopenai.h"
#include "ui/net/chatclient.h"
#include "ui/store/conversationlistmodel.h"
#include "ui/store/conversationstore.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/conversationsidebar.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageinput.h"

#include <QListView>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using rill::ChatItem;
using rill::ChatModel;

namespace {

constexpr int kRunTimeoutMs = 15000;

// The seconds a header shows: "▾ Thinking… 0.4 s" -> 0.4; -1 when it is not that header.
double secondsIn(const QString &text, const QString &words)
{
    const QRegularExpression header(u"^\\*\\*[▸▾] %1 ([0-9.]+) s\\*\\*"_s.arg(words));
    const QRegularExpressionMatch match = header.match(text);
    return match.hasMatch() ? match.captured(1).toDouble() : -1;
}

} // namespace

class TestThinkingBlock : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void countsUpCollapsesExpandsAndSurvivesARestart();

private:
    void openWindow();
    rill::ChatModel *model() const { return m_window->model(); }
    rill::ChatView *view() const { return m_window->findChild<rill::ChatView *>(u"chatView"_s); }
    int rowOf(ChatItem::Kind kind) const;

    FakeOpenAi m_llm;
    QTemporaryDir m_dir;
    std::unique_ptr<rill::ChatServer> m_server;
    std::unique_ptr<rill::ChatClient> m_client;
    std::unique_ptr<rill::ConversationStore> m_store;
    std::unique_ptr<rill::MainWindow> m_window;
};

void TestThinkingBlock::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"RillTest"_s);
    QCoreApplication::setApplicationName(u"tst_thinkingblock"_s);
    QSettings().clear();
    QString why;
    // 21 thinking pieces 50 ms apart: about a second of thinking.
    QVERIFY2(m_llm.start({ u"--mode"_s, u"reasoning_content"_s, u"--think-delay"_s, u"0.05"_s,
                             u"--delay"_s, u"0.01"_s },
                 &why),
        qPrintable(why));
    rill::OpenAiAgentOptions agent;
    agent.baseUrl = m_llm.url();
    m_server = std::make_unique<rill::ChatServer>(
        [agent] { return std::make_unique<rill::OpenAiAgent>(agent); });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_client = std::make_unique<rill::ChatClient>();
    m_client->setServerUrl(m_server->url());
    QVERIFY(m_dir.isValid());
}

void TestThinkingBlock::cleanup()
{
    m_window.reset();
    m_store.reset();
}

void TestThinkingBlock::openWindow()
{
    m_window.reset();
    m_store = std::make_unique<rill::ConversationStore>(m_dir.path());
    m_window = std::make_unique<rill::MainWindow>(m_client.get(), m_store.get());
    m_window->resize(900, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

int TestThinkingBlock::rowOf(ChatItem::Kind kind) const
{
    for (int row = 0; row < model()->rowCount(); ++row) {
        if (model()->item(row).kind == kind)
            return row;
    }
    return -1;
}

void TestThinkingBlock::countsUpCollapsesExpandsAndSurvivesARestart()
{
    openWindow();
    auto *input = m_window->findChild<rill::MessageInput *>(u"messageInput"_s);
    input->setPlainText(u"why is the sky blue?"_s);
    m_window->sendMessage();

    // While it thinks: one block, open, its reasoning growing, its seconds counting up.
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(ChatItem::Kind::Thinking) >= 0, kRunTimeoutMs);
    const int block = rowOf(ChatItem::Kind::Thinking);
    const QModelIndex index = model()->index(block);
    const auto text = [&index] { return index.data(ChatModel::TextRole).toString(); };
    QVERIFY2(secondsIn(text(), u"Thinking…"_s) >= 0, qPrintable(text()));
    QVERIFY(index.data(ChatModel::ExpandedRole).toBool());
    QTRY_VERIFY(secondsIn(text(), u"Thinking…"_s) >= 0.2);
    const double earlier = secondsIn(text(), u"Thinking…"_s);
    QTRY_VERIFY(secondsIn(text(), u"Thinking…"_s) >= earlier + 0.2); // without new events too
    QVERIFY(text().contains(u"Let me think"_s));
    QCOMPARE(rowOf(ChatItem::Kind::Assistant), -1); // no answer yet

    // The answer starts: the block collapses and says how long it thought.
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(ChatItem::Kind::Assistant) > block, kRunTimeoutMs);
    QVERIFY(!index.data(ChatModel::ExpandedRole).toBool());
    const double thought = secondsIn(text(), u"Thought for"_s);
    QVERIFY2(thought >= 0.5 && thought < 5, qPrintable(text()));
    QVERIFY(!text().contains(u"Let me think"_s)); // collapsed: the header only
    // The figures under the answer while it streams, then the server's.
    const QModelIndex answer = model()->index(rowOf(ChatItem::Kind::Assistant));
    QTRY_VERIFY(answer.data(ChatModel::StatsRole).toString().contains(u"tokens/s"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), rill::ChatClient::State::Idle, kRunTimeoutMs);
    const QString stats = answer.data(ChatModel::StatsRole).toString();
    QVERIFY2(QRegularExpression(u"^\\d+ ms to first token · \\d+ tokens · [\\d.,]+ tokens/s · "
                                u"thought [\\d.,]+ s$"_s)
                 .match(stats)
                 .hasMatch(),
        qPrintable(stats));

    // A click opens it, with the reasoning as Markdown; another closes it.
    QTest::mouseClick(view()->viewport(), Qt::LeftButton, {},
        view()->visualRect(index).topLeft() + QPoint(30, 10));
    QTRY_VERIFY(index.data(ChatModel::ExpandedRole).toBool());
    QVERIFY(text().contains(u"**briefly**"_s));
    const int openHeight = view()->visualRect(index).height();
    QTest::mouseClick(view()->viewport(), Qt::LeftButton, {},
        view()->visualRect(index).topLeft() + QPoint(30, 10));
    QTRY_VERIFY(!index.data(ChatModel::ExpandedRole).toBool());
    QTRY_VERIFY(view()->visualRect(index).height() < openHeight);
    QTest::mouseClick(view()->viewport(), Qt::LeftButton, {},
        view()->visualRect(index).topLeft() + QPoint(30, 10));
    QTRY_VERIFY(index.data(ChatModel::ExpandedRole).toBool());

    // Quit and start again: the block, its time, its state and the figures are kept.
    const QList<ChatItem> before = model()->items();
    m_window->close();
    m_window.reset();
    m_store.reset();
    openWindow();
    auto *list = m_window->sidebar()->listView();
    QTRY_COMPARE(list->model()->rowCount(), 1);
    list->setCurrentIndex(list->model()->index(0, 0));
    QTRY_COMPARE(model()->rowCount(), before.size());
    const ChatItem &kept = model()->item(block);
    QCOMPARE(kept.kind, ChatItem::Kind::Thinking);
    QCOMPARE(kept.text, before.at(block).text);
    QCOMPARE(kept.thinkingMs, before.at(block).thinkingMs);
    QVERIFY(kept.expanded);
    QCOMPARE(
        secondsIn(model()->index(block).data(ChatModel::TextRole).toString(), u"Thought for"_s),
        thought);
    QCOMPARE(model()->index(block + 1).data(ChatModel::StatsRole).toString(), stats);
}

QTEST_MAIN(TestThinkingBlock)
#include "tst_thinkingblock.moc"
