// Message actions in the window (offscreen) against a real ChatServer on
// 127.0.0.1 whose demo agent records what each run was asked: copy to the
// clipboard, regenerate into versions and step through them with the hover
// bar, edit and resend keeping the old branch, the next turn building on the
// version shown, delete after asking.
#include "server/http/chatserver.h"
#include "tests/support/recordingagent.h"
#include "ui/net/chatclient.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageactionbar.h"
#include "ui/widgets/messageactions.h"
#include "ui/widgets/messageinput.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using namespace rill;

namespace {

constexpr int kRunTimeoutMs = 10000;

QStringList historyTexts(const AgentRequest &request)
{
    QStringList texts;
    for (const Message &turn : request.history)
        texts.append(turn.type + u':' + turn.content);
    return texts;
}

} // namespace

class TestMessageActions : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void copyPutsTheMessageOnTheClipboard();
    void regenerateKeepsVersions();
    void editKeepsTheOldBranchAndTheNextTurnBuildsOnTheShownOne();
    void deleteAsksFirst();

private:
    void send(const QString &text);
    void waitForRunEnd();
    int rowOf(ChatItem::Kind kind, const QString &text = {}) const;
    ChatModel *model() const { return m_window->model(); }
    MessageInput *input() const { return m_window->findChild<MessageInput *>(u"messageInput"_s); }
    ChatView *view() const { return m_window->findChild<ChatView *>(u"chatView"_s); }
    MessageActionBar *bar() const
    {
        return m_window->findChild<MessageActionBar *>(u"messageActionBar"_s);
    }
    QAction *action(const QString &name) const { return m_window->findChild<QAction *>(name); }
    QString versionLabel() const
    {
        return bar()->findChild<QLabel *>(u"barVersionLabel"_s)->text();
    }

    QList<AgentRequest> m_requests;
    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<MainWindow> m_window;
};

void TestMessageActions::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"RillTest"_s);
    QCoreApplication::setApplicationName(u"tst_messageactions"_s);
    QSettings().clear();
}

void TestMessageActions::init()
{
    m_requests.clear();
    m_server = std::make_unique<ChatServer>(
        [this] { return std::make_unique<rill::testing::RecordingAgent>(&m_requests, 15ms); });
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
    m_client = std::make_unique<ChatClient>();
    m_client->setServerUrl(m_server->url());
    m_client->setLanguage(u"en"_s);
    m_window = std::make_unique<MainWindow>(m_client.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(bar());
}

void TestMessageActions::cleanup()
{
    m_window.reset();
    m_client.reset();
    m_server.reset();
}

void TestMessageActions::send(const QString &text)
{
    input()->setPlainText(text);
    m_window->sendMessage();
    QVERIFY(m_client->isBusy());
    waitForRunEnd();
}

void TestMessageActions::waitForRunEnd()
{
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ChatClient::State::Idle, kRunTimeoutMs);
}

int TestMessageActions::rowOf(ChatItem::Kind kind, const QString &text) const
{
    for (int row = model()->rowCount() - 1; row >= 0; --row) {
        const ChatItem &item = model()->item(row);
        if (item.kind == kind && (text.isEmpty() || item.text == text))
            return row;
    }
    return -1;
}

void TestMessageActions::copyPutsTheMessageOnTheClipboard()
{
    send(u"play song A"_s);
    const int answer = rowOf(ChatItem::Kind::Assistant);
    QVERIFY(answer > 0);
    QGuiApplication::clipboard()->clear();

    // Ctrl+C in the chat copies the message clicked.
    const QRect rect = view()->visualRect(model()->index(0));
    QTest::mouseClick(view()->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(view()->currentIndex().row(), 0);
    view()->setFocus();
    QTest::keyClick(view(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), u"play song A"_s);

    // The hover bar's Copy copies its row's Markdown source.
    bar()->showFor(answer);
    QVERIFY(bar()->isVisible());
    bar()->findChild<QToolButton *>(u"barCopyButton"_s)->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), model()->item(answer).text);
    QVERIFY(!model()->item(answer).text.isEmpty());

    // As plain text, Markdown's marks are gone.
    MessageActions *actions = m_window->messageActions();
    QCOMPARE(actions->plainTextOf(0), u"play song A"_s);
    QVERIFY(actions->markdownOf(answer).size() >= actions->plainTextOf(answer).size());
}

void TestMessageActions::regenerateKeepsVersions()
{
    send(u"play song A"_s);
    const int rowsBefore = model()->rowCount();
    const int answer = rowOf(ChatItem::Kind::Assistant);
    const QString firstAnswer = model()->item(answer).text;
    bar()->showFor(answer);
    QVERIFY(!bar()->findChild<QLabel *>(u"barVersionLabel"_s)->isVisible()); // one version
    bar()->findChild<QToolButton *>(u"barRegenerateButton"_s)->click();
    QVERIFY(m_client->isBusy());
    waitForRunEnd();
    QCOMPARE(m_requests.size(), 2);
    QCOMPARE(m_requests.at(1).message, u"play song A"_s);
    QVERIFY(historyTexts(m_requests.at(1)).isEmpty()); // the same first turn, run again

    QCOMPARE(model()->rowCount(), rowsBefore); // in place, not below
    QCOMPARE(model()->index(0).data(ChatModel::VersionCountRole).toInt(), 2);
    QCOMPARE(model()->index(0).data(ChatModel::VersionRole).toInt(), 1);

    // Ctrl+R runs it a third time.
    view()->setCurrentIndex(model()->index(rowOf(ChatItem::Kind::Assistant)));
    action(u"regenerateAction"_s)->trigger();
    waitForRunEnd();
    QCOMPARE(model()->index(0).data(ChatModel::VersionCountRole).toInt(), 3);

    bar()->showFor(rowOf(ChatItem::Kind::Assistant));
    QCOMPARE(versionLabel(), u"3/3"_s);
    auto *previous = bar()->findChild<QToolButton *>(u"barPreviousButton"_s);
    auto *next = bar()->findChild<QToolButton *>(u"barNextButton"_s);
    QVERIFY(!next->isEnabled());
    previous->click();
    QCOMPARE(model()->index(0).data(ChatModel::VersionRole).toInt(), 1);
    QCOMPARE(versionLabel(), u"2/3"_s);
    previous->click();
    QCOMPARE(versionLabel(), u"1/3"_s);
    QVERIFY(!previous->isEnabled());
    QCOMPARE(model()->item(rowOf(ChatItem::Kind::Assistant)).text, firstAnswer);
    next->click();
    QCOMPARE(versionLabel(), u"2/3"_s);
}

void TestMessageActions::editKeepsTheOldBranchAndTheNextTurnBuildsOnTheShownOne()
{
    send(u"play song A"_s);
    send(u"play song B"_s);
    const QString firstSession = m_requests.at(1).sessionId;
    // The server's own record of the session.
    QVERIFY(historyTexts(m_requests.at(1)).contains(u"user:play song A"_s));

    // Edit the first question in the input, and send it.
    bar()->showFor(0);
    bar()->findChild<QToolButton *>(u"barEditButton"_s)->click();
    QVERIFY(m_window->messageActions()->isEditing());
    QCOMPARE(input()->toPlainText(), u"play song A"_s);
    input()->setPlainText(u"play song C"_s);
    QTest::keyClick(input(), Qt::Key_Return);
    waitForRunEnd();
    QVERIFY(!m_window->messageActions()->isEditing());
    QCOMPARE(m_requests.size(), 3);
    QCOMPARE(m_requests.at(2).message, u"play song C"_s);
    QVERIFY(historyTexts(m_requests.at(2)).isEmpty());
    // A new session: the first one's record, which another client may show, stays.
    QVERIFY(m_requests.at(2).sessionId != firstSession);
    QCOMPARE(rowOf(ChatItem::Kind::User, u"play song B"_s), -1);
    QCOMPARE(model()->item(0).text, u"play song C"_s);

    // The old branch is version 1, with what followed it.
    bar()->showFor(0);
    QCOMPARE(versionLabel(), u"2/2"_s);
    view()->setCurrentIndex(model()->index(0));
    action(u"previousVersionAction"_s)->trigger();
    QCOMPARE(model()->item(0).text, u"play song A"_s);
    QVERIFY(rowOf(ChatItem::Kind::User, u"play song B"_s) > 0);

    // The next turn builds on the version shown.
    send(u"play song D"_s);
    const QStringList history = historyTexts(m_requests.at(3));
    QVERIFY2(history.contains(u"user:play song A"_s), qPrintable(history.join(u'|')));
    QVERIFY(history.contains(u"user:play song B"_s));
    QVERIFY(!history.contains(u"user:play song C"_s));
    QVERIFY(m_requests.at(3).sessionId != firstSession);
    // ... and that session goes on from there.
    send(u"play song E"_s);
    QCOMPARE(m_requests.at(4).sessionId, m_requests.at(3).sessionId);
    QVERIFY(historyTexts(m_requests.at(4)).contains(u"user:play song D"_s));
}

void TestMessageActions::deleteAsksFirst()
{
    send(u"play song A"_s);
    send(u"play song B"_s);
    const int rows = model()->rowCount();
    const int second = rowOf(ChatItem::Kind::User, u"play song B"_s);

    bar()->showFor(0);
    bar()->findChild<QToolButton *>(u"barDeleteButton"_s)->click();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(u"deleteTurnQuestion"_s)));
    box->button(QMessageBox::Cancel)->click();
    QCOMPARE(model()->rowCount(), rows);
    QTRY_VERIFY(!m_window->findChild<QMessageBox *>(u"deleteTurnQuestion"_s));

    view()->setCurrentIndex(model()->index(1));
    action(u"deleteTurnAction"_s)->trigger();
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(u"deleteTurnQuestion"_s)));
    box->button(QMessageBox::Yes)->click();
    QCOMPARE(model()->rowCount(), rows - second);
    QCOMPARE(model()->item(0).text, u"play song B"_s);
    QCOMPARE(rowOf(ChatItem::Kind::User, u"play song A"_s), -1);

    // The server is told the conversation without it.
    send(u"play song C"_s);
    const QStringList history = historyTexts(m_requests.last());
    QVERIFY(history.contains(u"user:play song B"_s));
    QVERIFY(!history.contains(u"user:play song A"_s));
}

QTEST_MAIN(TestMessageActions)
#include "tst_messageactions.moc"
