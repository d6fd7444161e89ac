// Kept conversations in the real window (offscreen): two chats with a real
// server and the demo agent, switching between them by keyboard, a restart
// (a new MainWindow over the same directory), rename, delete, a damaged file,
// and the history reaching the agent after the server restarted.
#include "server/agent/demoagent.h"
#include "server/http/chatserver.h"
#include "tests/support/recordingagent.h"
#include "ui/net/chatclient.h"
#include "ui/store/conversationlistmodel.h"
#include "ui/store/conversationstore.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/conversationkeeper.h"
#include "ui/widgets/conversationsidebar.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageinput.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using rill::AgentRequest;
using rill::ChatClient;
using rill::ChatItem;
using rill::StepState;

namespace {

constexpr int kRunTimeoutMs = 10000;

void compareItems(const QList<ChatItem> &actual, const QList<ChatItem> &expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < actual.size(); ++i) {
        QCOMPARE(actual.at(i).kind, expected.at(i).kind);
        QCOMPARE(actual.at(i).text, expected.at(i).text);
        QCOMPARE(actual.at(i).steps, expected.at(i).steps);
    }
}

} // namespace

class TestConversationWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void twoConversationsSurviveARestart();
    void renameAndDelete();
    void damagedFileIsReported();
    void failedSaveIsReported();
    void historyReachesARestartedServer();
    void sidebarWidthIsRemembered();

private:
    void startServer();
    void openWindow();
    void closeWindow();
    void send(const QString &text);
    void waitForRunEnd();
    QListView *list() const { return m_window->sidebar()->listView(); }
    rill::ConversationListModel *listModel() const
    {
        return static_cast<rill::ConversationListModel *>(list()->model());
    }
    rill::ChatModel *model() const { return m_window->model(); }

    QList<AgentRequest> m_requests;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<rill::ChatServer> m_server;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<rill::ConversationStore> m_store;
    std::unique_ptr<rill::MainWindow> m_window;
};

void TestConversationWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings of the splitter
    QCoreApplication::setOrganizationName(u"RillTest"_s);
    QCoreApplication::setApplicationName(u"tst_conversationwindow"_s);
}

void TestConversationWindow::init()
{
    QSettings().clear();
    m_requests.clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    startServer();
    m_client = std::make_unique<ChatClient>();
    m_client->setServerUrl(m_server->url());
    openWindow();
}

void TestConversationWindow::cleanup()
{
    m_window.reset();
    m_store.reset();
    m_client.reset();
    m_server.reset();
    m_dir.reset();
}

void TestConversationWindow::startServer()
{
    m_server = std::make_unique<rill::ChatServer>(
        [this] { return std::make_unique<rill::testing::RecordingAgent>(&m_requests, 20ms); });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void TestConversationWindow::openWindow()
{
    m_store = std::make_unique<rill::ConversationStore>(m_dir->path());
    m_window = std::make_unique<rill::MainWindow>(m_client.get(), m_store.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

// What quitting does: the window closes, the process ends.
void TestConversationWindow::closeWindow()
{
    m_window->close();
    m_window.reset();
    m_store.reset();
}

void TestConversationWindow::send(const QString &text)
{
    auto *input = m_window->findChild<rill::MessageInput *>(u"messageInput"_s);
    QVERIFY(input);
    input->setFocus();
    input->setPlainText(text);
    QTest::keyClick(input, Qt::Key_Return);
}

void TestConversationWindow::waitForRunEnd()
{
    QTRY_VERIFY(m_client->state() != ChatClient::State::Idle || model()->rowCount() > 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ChatClient::State::Idle, kRunTimeoutMs);
}

void TestConversationWindow::twoConversationsSurviveARestart()
{
    send(u"我想听晴天"_s);
    // Listed as soon as it is sent, under its first message.
    QTRY_COMPARE(listModel()->rowCount(), 1);
    QCOMPARE(listModel()->index(0).data().toString(), u"我想听晴天"_s);
    waitForRunEnd();
    const QList<ChatItem> first = model()->items();
    const QString firstId = m_window->conversations()->currentId();
    QVERIFY(!firstId.isEmpty());
    QCOMPARE(list()->currentIndex().row(), 0);
    QCOMPARE(m_store->header(firstId)->sessionId, m_client->sessionId());

    // New chat (Ctrl+N): an empty chat, nothing selected, the first one kept.
    QTest::keySequence(m_window.get(), QKeySequence::New);
    QCOMPARE(model()->rowCount(), 0);
    QVERIFY(m_window->conversations()->currentId().isEmpty());
    QVERIFY(!list()->currentIndex().isValid());
    QVERIFY(m_client->sessionId().isEmpty());

    send(u"play something #fail"_s);
    waitForRunEnd();
    const QList<ChatItem> second = model()->items();
    const QString secondId = m_window->conversations()->currentId();
    QVERIFY(secondId != firstId);
    QCOMPARE(listModel()->rowCount(), 2);
    QCOMPARE(listModel()->idAt(0), secondId); // newest first

    // Both chats show plan cards in their final states.
    const auto planOf = [](const QList<ChatItem> &items) {
        for (const ChatItem &item : items) {
            if (item.kind == ChatItem::Kind::Plan)
                return item.steps;
        }
        return rill::PlanSteps();
    };
    QCOMPARE(planOf(first).size(), 3);
    QCOMPARE(planOf(first).at(2).state, StepState::Done);
    QCOMPARE(planOf(second).at(1).state, StepState::Failed);
    QCOMPARE(planOf(second).at(2).state, StepState::Pending);

    // Down arrow in the list opens the older chat exactly as it was.
    list()->setFocus();
    QTest::keyClick(list(), Qt::Key_Down);
    QCOMPARE(m_window->conversations()->currentId(), firstId);
    compareItems(model()->items(), first);
    QCOMPARE(m_client->sessionId(), m_store->header(firstId)->sessionId);
    // Looking at a chat does not make it newer.
    QCOMPARE(listModel()->idAt(0), secondId);
    QTest::keyClick(list(), Qt::Key_Up);
    compareItems(model()->items(), second);

    // Quit and start again: both are there, in order, and open as they were.
    closeWindow();
    openWindow();
    QCOMPARE(listModel()->rowCount(), 2);
    QCOMPARE(listModel()->idAt(0), secondId);
    QCOMPARE(listModel()->index(1).data().toString(), u"我想听晴天"_s);
    QCOMPARE(model()->rowCount(), 0); // a new chat until one is chosen
    list()->setFocus();
    list()->setCurrentIndex(listModel()->index(1));
    compareItems(model()->items(), first);
    QTest::keyClick(list(), Qt::Key_Up);
    compareItems(model()->items(), second);
    QVERIFY(m_window->statusBar()->currentMessage().isEmpty());

    // Going on with the older chat moves it to the top, still the one shown.
    QTest::keyClick(list(), Qt::Key_Down);
    QCOMPARE(m_window->conversations()->currentId(), firstId);
    send(u"one more"_s);
    waitForRunEnd();
    QCOMPARE(listModel()->idAt(0), firstId);
    QCOMPARE(list()->currentIndex().row(), 0);
    QCOMPARE(m_window->conversations()->currentId(), firstId);
    QCOMPARE(model()->items().mid(0, first.size()).size(), first.size());
    compareItems(model()->items().mid(0, first.size()), first);
    QCOMPARE(m_store->load(firstId)->items.size(), model()->rowCount());
    QVERIFY(!m_window->findChild<QLabel *>(u"storeProblemLabel"_s));
}

void TestConversationWindow::renameAndDelete()
{
    send(u"first chat"_s);
    waitForRunEnd();
    QTest::keySequence(m_window.get(), QKeySequence::New);
    send(u"second chat"_s);
    waitForRunEnd();
    const QString secondId = m_window->conversations()->currentId();
    QCOMPARE(listModel()->rowCount(), 2);

    // F2 edits the title in place; Enter keeps it.
    list()->setFocus();
    QCOMPARE(list()->currentIndex().row(), 0);
    QTest::keyClick(list(), Qt::Key_F2);
    auto *editor = list()->viewport()->findChild<QLineEdit *>();
    QVERIFY(editor);
    QTRY_VERIFY(editor->hasFocus());
    editor->selectAll();
    QTest::keyClicks(editor, u"Renamed"_s);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(listModel()->index(0).data().toString(), u"Renamed"_s);
    QCOMPARE(m_store->header(secondId)->title, u"Renamed"_s);

    // Delete asks first; Cancel keeps the chat.
    const QString file = QDir(m_dir->path()).filePath(secondId + u".json"_s);
    QVERIFY(QFile::exists(file));
    list()->setFocus();
    QTest::keyClick(list(), Qt::Key_Delete);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(u"deleteConversationBox"_s)));
    QVERIFY(box->text().contains(u"Renamed"_s));
    box->button(QMessageBox::Cancel)->click();
    QCOMPARE(listModel()->rowCount(), 2);
    QVERIFY(QFile::exists(file));
    QTRY_VERIFY(!m_window->findChild<QMessageBox *>(u"deleteConversationBox"_s));

    // The offscreen platform has no window manager to give the focus back.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    list()->setFocus();
    QTRY_VERIFY(list()->hasFocus());
    QTest::keyClick(list(), Qt::Key_Delete);
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(u"deleteConversationBox"_s)));
    QAbstractButton *deleteButton = nullptr;
    for (QAbstractButton *button : box->buttons()) {
        if (box->buttonRole(button) == QMessageBox::DestructiveRole)
            deleteButton = button;
    }
    QVERIFY(deleteButton);
    deleteButton->click();
    QCOMPARE(listModel()->rowCount(), 1);
    QVERIFY(!QFile::exists(file));
    // The chat on screen was the one deleted: a new chat takes its place.
    QCOMPARE(model()->rowCount(), 0);
    QVERIFY(m_window->conversations()->currentId().isEmpty());

    closeWindow();
    openWindow();
    QCOMPARE(listModel()->rowCount(), 1);
    QCOMPARE(listModel()->index(0).data().toString(), u"first chat"_s);
}

void TestConversationWindow::damagedFileIsReported()
{
    send(u"a good one"_s);
    waitForRunEnd();
    closeWindow();
    const QString damaged = QDir(m_dir->path()).filePath(u"damaged.json"_s);
    {
        QFile file(damaged);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"version\":1,\"id\":\"damaged\",\"items\":[\n{\"kind\":\"us");
    }
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"skipping conversation file"_s));
    openWindow();
    QCOMPARE(listModel()->rowCount(), 1);
    auto *notice = m_window->findChild<QLabel *>(u"storeProblemLabel"_s);
    QVERIFY(notice);
    QVERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(u"damaged.json"_s), qPrintable(notice->text()));
    QVERIFY(notice->toolTip().contains(u"truncated"_s));
    // Working on goes on; the damaged file is left for the user to look at.
    list()->setCurrentIndex(listModel()->index(0));
    QCOMPARE(model()->item(0).text, u"a good one"_s);
    QVERIFY(QFile::exists(damaged));
}

void TestConversationWindow::failedSaveIsReported()
{
    // Saved in the background: a folder that cannot be made (a file stands in
    // its way) is only found on the writer's thread, and must still be told.
    closeWindow();
    const QString blocked = m_dir->filePath(u"not-a-folder"_s);
    QFile file(blocked);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    m_store = std::make_unique<rill::ConversationStore>(blocked + u"/conversations"_s);
    m_window = std::make_unique<rill::MainWindow>(m_client.get(), m_store.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot"_s));
    send(u"keep me"_s);
    waitForRunEnd();
    QTRY_VERIFY2(m_window->statusBar()->currentMessage().contains(u"could not be saved"_s),
        qPrintable(m_window->statusBar()->currentMessage()));
    QVERIFY(m_window->statusBar()->currentMessage().contains(u"not-a-folder"_s));
    // Nothing on screen is lost.
    QCOMPARE(model()->item(0).text, u"keep me"_s);
    QVERIFY(model()->rowCount() > 1);
}

void TestConversationWindow::historyReachesARestartedServer()
{
    send(u"我想听晴天"_s);
    waitForRunEnd();
    const QString sessionId = m_client->sessionId();
    QCOMPARE(m_requests.size(), 1);
    QVERIFY(m_requests.at(0).history.isEmpty());
    // What was said, in order: the user's message and the agent's answers.
    QList<std::pair<QString, QString>> said;
    for (const ChatItem &item : model()->items()) {
        if (item.kind == ChatItem::Kind::User || item.kind == ChatItem::Kind::Assistant)
            said.append(
                { item.kind == ChatItem::Kind::User ? u"user"_s : u"assistant"_s, item.text });
    }
    QVERIFY(said.size() >= 2);

    // Quit the window, and the server restarts too: it knows no session now.
    closeWindow();
    m_server.reset();
    m_requests.clear();
    startServer();
    m_client->setServerUrl(m_server->url());
    openWindow();
    list()->setCurrentIndex(listModel()->index(0));
    QCOMPARE(m_client->sessionId(), sessionId);

    send(u"再来一首"_s);
    waitForRunEnd();
    QCOMPARE(m_requests.size(), 1);
    const AgentRequest &request = m_requests.at(0);
    QCOMPARE(request.sessionId, sessionId);
    QCOMPARE(request.message, u"再来一首"_s);
    QCOMPARE(request.history.size(), said.size());
    for (qsizetype i = 0; i < said.size(); ++i) {
        QCOMPARE(request.history.at(i).type, said.at(i).first);
        QCOMPARE(request.history.at(i).content, said.at(i).second);
    }
    QCOMPARE(request.history.at(0).content, u"我想听晴天"_s);
    // The same conversation goes on in its file.
    QCOMPARE(listModel()->rowCount(), 1);
}

void TestConversationWindow::sidebarWidthIsRemembered()
{
    auto *splitter = m_window->findChild<QSplitter *>(u"sidebarSplitter"_s);
    QVERIFY(splitter);
    QSplitterHandle *handle = splitter->handle(1);
    const int before = splitter->sizes().at(0);
    const QPoint grip = handle->rect().center();
    QTest::mousePress(handle, Qt::LeftButton, {}, grip);
    QTest::mouseMove(handle, grip + QPoint(60, 0));
    QTest::mouseRelease(handle, Qt::LeftButton, {}, grip + QPoint(60, 0));
    const int after = splitter->sizes().at(0);
    QVERIFY2(after > before + 30, qPrintable(u"%1 -> %2"_s.arg(before).arg(after)));

    closeWindow();
    openWindow();
    splitter = m_window->findChild<QSplitter *>(u"sidebarSplitter"_s);
    QCOMPARE(splitter->sizes().at(0), after);
}

QTEST_MAIN(TestConversationWindow)
#include "tst_conversationwindow.moc"
