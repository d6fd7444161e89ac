// A tool call's approval in the window (offscreen): the real ChatServer with
// the OpenAI agent, the stand-in LLM's "summarize FILE" script
// (tests/peers/fake_openai.py) and the real filesystem MCP server from npm on
// a temporary folder, its read_text_file untrusted. The plan card shows Allow
// / Always / Deny; a click on one posts the answer over HTTP and the steps go on.
#include "server/agent/mcp/mcpserverset.h"
#include "server/agent/openaiagent.h"
#include "server/agent/toolapproval.h"
#include "server/http/chatserver.h"
#include "tests/mcp/mcptestsupport.h"
#include "tests/support/fakeopenai.h"
#include "ui/net/chatclient.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/language.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageinput.h"
#include "ui/widgets/plancardpainter.h"
#include "ui/widgets/settingsdialog.h"
#include "ui/widgets/toolssettings.h"

#include <QJsonArray>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using namespace rill;
using Target = PlanCardPainter::Hit::Target;

namespace {

constexpr int kTimeoutMs = 20000;

} // namespace

class TestApprovalCard : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void allowInThePlanCardRunsTheCall();
    void denyEndsAsFinishedWithOneFailed();
    void toolsTabSwitchesToolsOff();

private:
    void send(const QString &text);
    // The plan row once its step 1 waits for approval, or -1.
    int waitForApproval();
    void click(int row, int step, Target part);
    ChatModel *model() const { return m_window->model(); }
    ChatView *view() const { return m_window->findChild<ChatView *>(u"chatView"_s); }

    QTemporaryDir m_dir;
    QString m_file;
    FakeOpenAi m_llm;
    std::unique_ptr<McpServerSet> m_tools;
    std::unique_ptr<ToolApprovals> m_approvals;
    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<MainWindow> m_window;
};

void TestApprovalCard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"RillTest"_s);
    QCoreApplication::setApplicationName(u"tst_approvalcard"_s);
    QSettings().clear();
    QVERIFY(Language::install(*QCoreApplication::instance(), u"en"_s));
    const QString script = testing::npmServerScript(u"server-filesystem"_s);
    RILL_REQUIRE_NPM_SERVER(script, "@modelcontextprotocol/server-filesystem");
    m_file = m_dir.filePath(u"groceries.md"_s);
    QFile file(m_file);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("buy milk\nand bread\n");
    file.close();
    QString why;
    QVERIFY2(m_llm.start({ u"--delay"_s, u"0.01"_s }, &why), qPrintable(why));
    McpServerConfig files;
    files.name = u"files"_s;
    files.command = u"node"_s;
    files.args = { script, m_dir.path() };
    m_tools = std::make_unique<McpServerSet>(McpConfig { { files } });
    m_tools->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(
        m_tools->servers().first()->state(), McpServer::State::Ready, kTimeoutMs);
}

void TestApprovalCard::init()
{
    // A fresh registry each time: no tool trusted by an earlier "Always".
    m_tools
        = std::make_unique<McpServerSet>(McpConfig { { m_tools->servers().first()->config() } });
    m_tools->startAll();
    QTRY_COMPARE_WITH_TIMEOUT(
        m_tools->servers().first()->state(), McpServer::State::Ready, kTimeoutMs);
    m_approvals = std::make_unique<ToolApprovals>();
    ChatServer::Options options;
    options.approvals = m_approvals.get();
    m_server = std::make_unique<ChatServer>(
        [this] {
            OpenAiAgentOptions agent;
            agent.baseUrl = m_llm.url();
            agent.tools.tools = m_tools.get();
            agent.tools.approvals = m_approvals.get();
            return std::make_unique<OpenAiAgent>(agent);
        },
        options);
    QVERIFY2(m_server->listen(QHostAddress::LocalHost), qPrintable(m_server->errorString()));
    m_client = std::make_unique<ChatClient>();
    m_client->setServerUrl(m_server->url());
    m_window = std::make_unique<MainWindow>(m_client.get());
    m_window->resize(900, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestApprovalCard::cleanup()
{
    m_window.reset();
    m_client.reset();
    m_server.reset();
    m_approvals.reset();
}

void TestApprovalCard::send(const QString &text)
{
    auto *input = m_window->findChild<MessageInput *>(u"messageInput"_s);
    input->setPlainText(text);
    m_window->sendMessage();
    QVERIFY(m_client->isBusy());
}

int TestApprovalCard::waitForApproval()
{
    const auto waiting = [this] {
        const int row = model()->currentPlanRow();
        return row >= 0 && !model()->item(row).steps.isEmpty()
            && !model()->item(row).steps.first().approvalCallId.isEmpty();
    };
    if (!QTest::qWaitFor(waiting, kTimeoutMs))
        return -1;
    return model()->currentPlanRow();
}

void TestApprovalCard::click(int row, int step, Target part)
{
    const QRect rect = view()->planPartRect(row, step, part);
    QVERIFY2(!rect.isNull(), "the part is not on the card");
    QTest::mouseClick(view()->viewport(), Qt::LeftButton, {}, rect.center());
}

void TestApprovalCard::allowInThePlanCardRunsTheCall()
{
    send(u"summarize "_s + m_file);
    const int row = waitForApproval();
    QVERIFY(row >= 0);
    const PlanStep waiting = model()->item(row).steps.first();
    QCOMPARE(waiting.tool, u"read_text_file"_s);
    QVERIFY(waiting.arguments.contains(m_file));
    QCOMPARE(waiting.state, StepState::Pending);
    QCOMPARE(PlanCardPainter::status(model()->item(row).steps, RunEnd::Open),
        u"Waiting for you · 0/1"_s);
    for (const Target part : { Target::Allow, Target::AllowAlways, Target::Deny })
        QVERIFY(!view()->planPartRect(row, 1, part).isNull());
    QVERIFY(m_window->grab().save(u"/tmp/shot-approval-gui-waiting.png"_s));

    click(row, 1, Target::Allow);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ChatClient::State::Idle, kTimeoutMs);
    const PlanStep done = model()->item(row).steps.first();
    QCOMPARE(done.state, StepState::Done);
    QVERIFY(done.approvalCallId.isEmpty());
    QCOMPARE(done.result, u"buy milk\nand bread\n"_s);
    // The buttons are gone; the arrow opens the arguments and the result.
    QVERIFY(view()->planPartRect(row, 1, Target::Allow).isNull());
    const int closedHeight = view()->visualRect(model()->index(row)).height();
    click(row, 1, Target::Toggle);
    QTRY_VERIFY(model()->item(row).steps.first().expanded);
    QTRY_VERIFY(view()->visualRect(model()->index(row)).height() > closedHeight);
    QVERIFY(m_window->grab().save(u"/tmp/shot-approval-gui-expanded.png"_s));
    click(row, 1, Target::Toggle);
    QTRY_VERIFY(!model()->item(row).steps.first().expanded);
    QCOMPARE(PlanCardPainter::status(model()->item(row).steps, model()->item(row).end), u"1/1"_s);
}

void TestApprovalCard::denyEndsAsFinishedWithOneFailed()
{
    send(u"summarize "_s + m_file);
    const int row = waitForApproval();
    QVERIFY(row >= 0);
    click(row, 1, Target::Deny);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ChatClient::State::Idle, kTimeoutMs);
    const ChatItem &plan = model()->item(row);
    QCOMPARE(plan.steps.first().state, StepState::Failed);
    QCOMPARE(plan.steps.first().result, u"The user denied this call"_s);
    QCOMPARE(plan.end, RunEnd::Completed);
    QCOMPARE(PlanCardPainter::status(plan.steps, plan.end), u"Finished · 0 done, 1 failed"_s);
    QVERIFY(m_window->grab().save(u"/tmp/shot-approval-gui-denied.png"_s));
}

void TestApprovalCard::toolsTabSwitchesToolsOff()
{
    SettingsDialog dialog;
    dialog.setTools(m_tools.get());
    auto *tree = dialog.findChild<QTreeWidget *>(u"toolsTree"_s);
    QVERIFY(tree);
    QCOMPARE(tree->topLevelItemCount(), 1);
    QTreeWidgetItem *server = tree->topLevelItem(0);
    QCOMPARE(server->text(0), u"files"_s);
    const int toolCount = int(m_tools->servers().first()->tools().size());
    QCOMPARE(server->text(1), u"ready, %1 tools"_s.arg(toolCount));
    QCOMPARE(server->childCount(), toolCount);
    QTreeWidgetItem *write = nullptr;
    for (int i = 0; i < server->childCount(); ++i) {
        if (server->child(i)->text(0) == u"write_file"_s)
            write = server->child(i);
    }
    QVERIFY(write);
    QCOMPARE(write->text(1), u"asks first"_s);
    QCOMPARE(write->checkState(0), Qt::Checked);
    write->setCheckState(0, Qt::Unchecked);
    // Only OK switches it off.
    QVERIFY(m_tools->isToolEnabled(u"files"_s, u"write_file"_s));
    dialog.accept();
    QVERIFY(!m_tools->isToolEnabled(u"files"_s, u"write_file"_s));
    QVERIFY(!m_tools->find(u"write_file"_s));
    QVERIFY(m_tools->find(u"read_text_file"_s));

    // Kept: a restart switches it off again.
    McpServerSet restarted(McpConfig { { m_tools->servers().first()->config() } });
    ToolsSettings::restore(&restarted, QSettings());
    QVERIFY(!restarted.isToolEnabled(u"files"_s, u"write_file"_s));
    QVERIFY(restarted.isToolEnabled(u"files"_s, u"read_text_file"_s));
    QSettings().clear();
}

QTEST_MAIN(TestApprovalCard)
#include "tst_approvalcard.moc"
