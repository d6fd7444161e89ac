// Search in the real window (offscreen): Ctrl+K finds a conversation by a word
// that only its answer holds, though this window never opened it and its index
// was lost; a turn answered by a real server is found once it is saved; Ctrl+F
// marks the matches in the messages and steps through them, scrolling to each.
#include "server/http/chatserver.h"
#include "tests/support/recordingagent.h"
#include "ui/net/chatclient.h"
#include "ui/store/conversationstore.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/conversationkeeper.h"
#include "ui/widgets/conversationsidebar.h"
#include "ui/widgets/findbar.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageinput.h"
#include "ui/widgets/searchresults.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using rill::ChatClient;
using rill::Conversation;

namespace {

QJsonObject item(const QString &kind, const QString &text)
{
    return { { u"kind"_s, kind }, { u"text"_s, text } };
}

// Pixels of the colour that marks the matches other than the current one.
int markedPixels(QWidget *widget)
{
    const QImage image = widget->grab().toImage();
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            count += image.pixelColor(x, y) == QColor(0xffd54f);
    }
    return count;
}

} // namespace

class TestSearch : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"RillTest"_s);
        QCoreApplication::setApplicationName(u"tst_search"_s);
    }
    void init()
    {
        QSettings().clear();
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_server = std::make_unique<rill::ChatServer>(
            [this] { return std::make_unique<rill::testing::RecordingAgent>(&m_requests, 5ms); });
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
        m_client = std::make_unique<ChatClient>();
        m_client->setServerUrl(m_server->url());
    }
    void cleanup()
    {
        m_window.reset();
        m_store.reset();
        m_client.reset();
        m_server.reset();
        m_dir.reset();
    }

    void ctrlKFindsAConversationNeverOpened();
    void aTurnJustAnsweredIsFound();
    void ctrlFMarksAndStepsThroughMatches();

private:
    // Conversations written by another store, as by an earlier Rill.
    QStringList writeConversations(const QList<QJsonArray> &conversations)
    {
        QStringList ids;
        rill::ConversationStore writer(m_dir->path());
        for (qsizetype i = 0; i < conversations.size(); ++i) {
            Conversation c;
            c.header.title = u"Chat number %1"_s.arg(i);
            c.items = conversations.at(i);
            ids << writer.save(c)->id;
        }
        return ids;
    }
    void openWindow()
    {
        m_store = std::make_unique<rill::ConversationStore>(m_dir->path());
        m_window = std::make_unique<rill::MainWindow>(m_client.get(), m_store.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }
    QLineEdit *searchField() const { return m_window->sidebar()->searchField(); }
    QListView *results() const { return m_window->sidebar()->resultsView(); }
    rill::ChatView *chatView() const
    {
        return m_window->findChild<rill::ChatView *>(u"chatView"_s);
    }

    QList<rill::AgentRequest> m_requests;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<rill::ChatServer> m_server;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<rill::ConversationStore> m_store;
    std::unique_ptr<rill::MainWindow> m_window;
};

void TestSearch::ctrlKFindsAConversationNeverOpened()
{
    QList<QJsonArray> chats;
    for (int i = 0; i < 30; ++i)
        chats << QJsonArray { item(u"user"_s, u"question %1"_s.arg(i)),
            item(u"assistant"_s, u"an ordinary answer number %1"_s.arg(i)) };
    chats[17] = QJsonArray { item(u"user"_s, u"Which animal regrows limbs?"_s),
        item(u"assistant"_s, u"The axolotl does, and its heart too."_s) };
    const QStringList ids = writeConversations(chats);
    // The index is gone: the window's store must find the files by itself.
    QVERIFY(QFile::remove(QDir(m_dir->path()).filePath(rill::ConversationStore::indexFileName())));
    openWindow();

    QVERIFY(searchField());
    QTest::keyClick(m_window.get(), Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(searchField()->hasFocus());
    QTest::keyClicks(searchField(), u"axolotl"_s);
    QTRY_COMPARE(results()->model()->rowCount(), 1);
    QVERIFY(results()->isVisible());
    QVERIFY(!m_window->sidebar()->listView()->isVisible());
    const QModelIndex hit = results()->model()->index(0, 0);
    QCOMPARE(hit.data().toString(), u"Chat number 17"_s);
    QVERIFY(
        hit.data(rill::SearchResultsModel::SnippetRole)
            .toString()
            .contains(rill::SearchIndex::kMarkStart + u"axolotl"_s + rill::SearchIndex::kMarkEnd));

    // Enter opens it, as it was written.
    QTest::keyClick(searchField(), Qt::Key_Return);
    QTRY_COMPARE(m_window->conversations()->currentId(), ids.at(17));
    QCOMPARE(m_window->model()->items().at(1).text, u"The axolotl does, and its heart too."_s);

    // Esc clears the search: the whole list is back.
    QTest::keyClick(searchField(), Qt::Key_Escape);
    QVERIFY(searchField()->text().isEmpty());
    QTRY_VERIFY(m_window->sidebar()->listView()->isVisible());
    QCOMPARE(m_window->sidebar()->listView()->model()->rowCount(), 30);
}

void TestSearch::aTurnJustAnsweredIsFound()
{
    openWindow();
    auto *input = m_window->findChild<rill::MessageInput *>(u"messageInput"_s);
    input->setFocus();
    input->setPlainText(u"play the quetzal song"_s);
    QTest::keyClick(input, Qt::Key_Return);
    QTRY_VERIFY(m_client->state() != ChatClient::State::Idle || m_window->model()->rowCount() > 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ChatClient::State::Idle, 10000);
    const QString id = m_window->conversations()->currentId();

    QTest::keyClick(m_window.get(), Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(searchField()->hasFocus());
    QTest::keyClicks(searchField(), u"quetzal"_s);
    QTRY_COMPARE(results()->model()->rowCount(), 1);
    QCOMPARE(results()->model()->index(0, 0).data(rill::SearchResultsModel::IdRole).toString(), id);
    QTest::keyClicks(searchField(), u" nothing-like-this"_s);
    QTRY_COMPARE(results()->model()->rowCount(), 0);
}

void TestSearch::ctrlFMarksAndStepsThroughMatches()
{
    QJsonArray rows;
    for (int i = 0; i < 40; ++i) {
        const bool needle = i == 1 || i == 21 || i == 37;
        rows << item(i % 2 ? u"assistant"_s : u"user"_s,
            needle ? u"Here the Needle is, line %1."_s.arg(i)
                   : u"Filler text of row %1, long enough to take a line or two."_s.arg(i));
    }
    const QString id = writeConversations({ rows }).first();
    openWindow();
    QVERIFY(m_window->conversations()->open(id));
    rill::ChatView *view = chatView();
    QTRY_VERIFY(view->verticalScrollBar()->maximum() > 0);
    QTRY_COMPARE(view->verticalScrollBar()->value(), view->verticalScrollBar()->maximum());

    rill::FindBar *bar = m_window->findBar();
    QVERIFY(!bar->isVisible());
    QCOMPARE(markedPixels(view->viewport()), 0);
    const int windowWidth = m_window->width();
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(bar->field()->hasFocus());
    QTest::keyClicks(bar->field(), u"needle"_s); // any case
    // The bar fits the window it opens in.
    QVERIFY2(bar->minimumSizeHint().width() < windowWidth / 2,
        qPrintable(QString::number(bar->minimumSizeHint().width())));
    QCOMPARE(m_window->width(), windowWidth);
    // It starts from the first match on screen: no jump away from the reader.
    QTRY_VERIFY(bar->currentMatch() >= 0);
    const QList<int> needleRows { 1, 21, 37 };
    const auto rowShown = [view](int row) {
        return view->viewport()->rect().intersects(view->visualRect(view->model()->index(row, 0)));
    };
    const auto expectMatch = [&](int match) {
        QTRY_COMPARE(bar->currentMatch(), match);
        QCOMPARE(bar->countText(), u"%1 of 3"_s.arg(match + 1));
        QTRY_VERIFY(rowShown(needleRows.at(match)));
    };
    const int first = bar->currentMatch();
    QVERIFY(rowShown(needleRows.at(first)));
    QCOMPARE(bar->matches().size(), 3);

    QTest::keyClick(bar->field(), Qt::Key_Return);
    expectMatch((first + 1) % 3);
    QTest::keyClick(bar->field(), Qt::Key_Return, Qt::ShiftModifier);
    expectMatch(first);
    // F3 and Shift+F3 work from the chat too, and wrap around.
    view->setFocus();
    for (int i = 1; i <= 3; ++i) {
        QTest::keyClick(view, Qt::Key_F3);
        expectMatch((first + i) % 3);
    }
    QTest::keyClick(view, Qt::Key_F3, Qt::ShiftModifier);
    expectMatch((first + 2) % 3);
    // The first and the last match are far apart: stepping scrolled.
    while (bar->currentMatch() != 0)
        QTest::keyClick(view, Qt::Key_F3);
    expectMatch(0);
    QVERIFY(!rowShown(37));
    QTest::keyClick(view, Qt::Key_F3, Qt::ShiftModifier);
    expectMatch(2);
    QVERIFY(!rowShown(1));

    bar->field()->setFocus();
    QTest::keyClicks(bar->field(), u"zzz"_s);
    QTRY_COMPARE(bar->countText(), u"No matches"_s);
    bar->field()->clear();
    QTest::keyClicks(bar->field(), u"filler text"_s);
    // Every match but the current one in the marker colour.
    QTRY_VERIFY(markedPixels(view->viewport()) > 0);
    // Esc closes the bar, and the marks go with it.
    QTest::keyClick(bar->field(), Qt::Key_Escape);
    QTRY_VERIFY(!bar->isVisible());
    QTRY_COMPARE(markedPixels(view->viewport()), 0);
}

QTEST_MAIN(TestSearch)
#include "tst_search.moc"
