// How a run ends, seen in the window (offscreen) with real ChatServers and the
// demo agent on 127.0.0.1: the server dying mid-answer and coming back
// without the session, a server that cannot be reached, and the plan card's
// header while the plan arrives and once the run is over.
#include "server/agent/demoagent.h"
#include "server/http/chatserver.h"
#include "tests/support/recordingagent.h"
#include "ui/net/chatclient.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageinput.h"
#include "ui/widgets/plancardpainter.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using namespace rill;

namespace {

constexpr int kRunTimeoutMs = 10000;

} // namespace

class TestRunEnds : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void planCountIsNotProgressWhileThePlanArrives();
    void serverRestartMidAnswer();
    void unreachableServerOffersRetry();

private:
    void startServer(quint16 port = 0);
    void send(const QString &text);
    void waitForRunEnd();
    ChatModel *model() const { return m_window->model(); }
    QWidget *notice() const { return m_window->findChild<QWidget *>(u"runNotice"_s); }
    QString noticeText() const
    {
        return m_window->findChild<QLabel *>(u"runNoticeLabel"_s)->text();
    }
    QPushButton *retryButton() const
    {
        return m_window->findChild<QPushButton *>(u"retryButton"_s);
    }
    int lastRowOf(ChatItem::Kind kind) const
    {
        for (int row = model()->rowCount() - 1; row >= 0; --row) {
            if (model()->item(row).kind == kind)
                return row;
        }
        return -1;
    }

    QList<AgentRequest> m_requests;
    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<MainWindow> m_window;
};

void TestRunEnds::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"RillTest"_s);
    QCoreApplication::setApplicationName(u"tst_runends"_s);
    QSettings().clear();
}

void TestRunEnds::init()
{
    m_requests.clear();
    startServer();
    m_client = std::make_unique<ChatClient>();
    m_client->setServerUrl(m_server->url());
    m_window = std::make_unique<MainWindow>(m_client.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(notice() && retryButton());
    QVERIFY(!notice()->isVisible());
}

void TestRunEnds::cleanup()
{
    m_window.reset();
    m_client.reset();
    m_server.reset();
}

void TestRunEnds::startServer(quint16 port)
{
    m_server = std::make_unique<ChatServer>(
        [this] { return std::make_unique<rill::testing::RecordingAgent>(&m_requests, 80ms); });
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, port), qPrintable(m_server->errorString()));
}

void TestRunEnds::send(const QString &text)
{
    auto *input = m_window->findChild<MessageInput *>(u"messageInput"_s);
    input->setPlainText(text);
    m_window->sendMessage();
    QVERIFY(m_client->isBusy());
}

void TestRunEnds::waitForRunEnd()
{
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ChatClient::State::Idle, kRunTimeoutMs);
}

void TestRunEnds::planCountIsNotProgressWhileThePlanArrives()
{
    QStringList headers; // the card's header status after each change
    const auto record = [&](int row) {
        const ChatItem &item = model()->item(row);
        if (item.kind == ChatItem::Kind::Plan)
            headers.append(PlanCardPainter::status(item.steps, item.end));
    };
    connect(model(), &ChatModel::rowsInserted, this,
        [&](const QModelIndex &, int first) { record(first); });
    connect(model(), &ChatModel::dataChanged, this,
        [&](const QModelIndex &index) { record(index.row()); });
    send(u"我想听晴天"_s);
    waitForRunEnd();

    // The three planning events came first: no count until a step runs.
    QVERIFY2(headers.size() > 4, qPrintable(headers.join(u" | "_s)));
    QCOMPARE(headers.mid(0, 3), QStringList({ QString(), QString(), QString() }));
    QCOMPARE(headers.last(), u"3/3"_s);
    for (const QString &header : std::as_const(headers))
        QVERIFY2(header.isEmpty() || header.endsWith(u"/3"_s), qPrintable(header));

    // A run that completes with steps never done says so.
    model()->addUserMessage(u"plan only"_s);
    model()->setPlanStep(1, u"1. one"_s);
    model()->setPlanStep(2, u"2. two"_s);
    model()->endRun();
    const ChatItem &card = model()->item(model()->rowCount() - 1);
    QCOMPARE(card.end, RunEnd::Completed);
    QCOMPARE(PlanCardPainter::status(card.steps, card.end), u"Not finished · 0/2"_s);
}

void TestRunEnds::serverRestartMidAnswer()
{
    send(u"我想听晴天"_s);
    waitForRunEnd();
    const QList<ChatItem> firstTurn = model()->items();
    QVERIFY(lastRowOf(ChatItem::Kind::Assistant) > 0);
    const QString firstAnswer = model()->item(lastRowOf(ChatItem::Kind::Assistant)).text;
    const QString session = m_client->sessionId();
    QVERIFY(!session.isEmpty());

    send(u"再来一首"_s);
    QTRY_VERIFY_WITH_TIMEOUT(model()->currentPlanRow() > int(firstTurn.size())
            && model()->item(model()->currentPlanRow()).steps.size() == 3
            && model()->item(model()->currentPlanRow()).steps.at(0).state == StepState::Running,
        kRunTimeoutMs);
    const int planRow = model()->currentPlanRow();

    // The server dies: the chat says so at once, not only the status bar.
    const quint16 port = m_server->port();
    QElapsedTimer clock;
    clock.start();
    m_server.reset();
    QTRY_VERIFY_WITH_TIMEOUT(notice()->isVisible(), 900);
    const qint64 shownAfter = clock.elapsed();
    QVERIFY2(noticeText().contains(u"Reconnecting"_s), qPrintable(noticeText()));
    QVERIFY(!retryButton()->isVisible());
    qInfo("reconnecting shown %lld ms after the server went", qlonglong(shownAfter));

    // It comes back on the same port, knowing nothing of the session.
    m_requests.clear();
    startServer(port);
    waitForRunEnd();
    const int errorRow = lastRowOf(ChatItem::Kind::Error);
    QVERIFY(errorRow > planRow);
    const QString error = model()->item(errorRow).text;
    QVERIFY2(
        error.startsWith(u"The server no longer knows this conversation"_s), qPrintable(error));
    QVERIFY2(!error.contains(u"POST"_s) && !error.contains(u"404"_s), qPrintable(error));
    QCOMPARE(m_client->lastFailure(), ChatClient::Failure::SessionUnknown);
    QVERIFY(m_client->sessionId().isEmpty());
    // The card ended as failed, nothing left running or waiting as if it might go on.
    const ChatItem &plan = model()->item(planRow);
    QCOMPARE(plan.end, RunEnd::Failed);
    QCOMPARE(plan.steps.at(0).state, StepState::Failed);
    QVERIFY2(PlanCardPainter::status(plan.steps, plan.end).startsWith(u"Failed · "_s),
        qPrintable(PlanCardPainter::status(plan.steps, plan.end)));
    QVERIFY(notice()->isVisible());
    QVERIFY(retryButton()->isVisible());
    QVERIFY(m_requests.isEmpty());

    // Retry sends the message again, with the conversation so far, in a new session.
    const int rowsBefore = model()->rowCount();
    QTest::mouseClick(retryButton(), Qt::LeftButton);
    QTRY_VERIFY(!notice()->isVisible());
    waitForRunEnd();
    QCOMPARE(m_requests.size(), 1);
    const AgentRequest &request = m_requests.at(0);
    QCOMPARE(request.message, u"再来一首"_s);
    QVERIFY(request.sessionId != session);
    // What the first turn said, in order: the question and the agent's answers.
    QStringList said;
    for (const ChatItem &item : firstTurn) {
        if (item.kind == ChatItem::Kind::User || item.kind == ChatItem::Kind::Assistant)
            said.append(item.text);
    }
    QStringList sent;
    for (const Message &turn : request.history)
        sent.append(turn.content);
    QCOMPARE(sent, said);
    QCOMPARE(sent.first(), u"我想听晴天"_s);
    QCOMPARE(sent.last(), firstAnswer);
    // No second copy of the question; a new card and answer after the error.
    int userRows = 0;
    for (const ChatItem &item : model()->items())
        userRows += item.kind == ChatItem::Kind::User ? 1 : 0;
    QCOMPARE(userRows, 2);
    QVERIFY(lastRowOf(ChatItem::Kind::Plan) >= rowsBefore);
    QCOMPARE(model()->item(lastRowOf(ChatItem::Kind::Plan)).end, RunEnd::Completed);
    QVERIFY(lastRowOf(ChatItem::Kind::Assistant) > lastRowOf(ChatItem::Kind::Plan));
}

void TestRunEnds::unreachableServerOffersRetry()
{
    quint16 port = 0;
    {
        QTcpServer probe; // a port nobody listens on once it closes
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    QUrl url(u"http://127.0.0.1/"_s);
    url.setPort(port);
    m_client->setServerUrl(url);
    send(u"hello"_s);
    waitForRunEnd();
    const QString error = model()->item(lastRowOf(ChatItem::Kind::Error)).text;
    QVERIFY2(error.startsWith(u"Rill cannot reach the server at http://127.0.0.1:"_s),
        qPrintable(error));
    QVERIFY(notice()->isVisible());
    QVERIFY(retryButton()->isVisible());
    QVERIFY2(noticeText().contains(u"could not be reached"_s), qPrintable(noticeText()));

    // The server comes up there; Retry gets the answer.
    m_requests.clear();
    startServer(port);
    QTest::mouseClick(retryButton(), Qt::LeftButton);
    waitForRunEnd();
    QCOMPARE(m_requests.size(), 1);
    QCOMPARE(m_requests.at(0).message, u"hello"_s);
    QVERIFY(!notice()->isVisible());
    QCOMPARE(model()->item(0).kind, ChatItem::Kind::User);
    QCOMPARE(lastRowOf(ChatItem::Kind::User), 0);
    QVERIFY(lastRowOf(ChatItem::Kind::Assistant) > lastRowOf(ChatItem::Kind::Error));
}

QTEST_MAIN(TestRunEnds)
#include "tst_runends.moc"
