// The window under a model's long, rich answers, the whole way: a fake LLM
// server on 127.0.0.1 -> OpenAiAgent -> a real ChatServer -> SSE -> ChatClient
// -> MainWindow, offscreen. The answer grows past the bottom of the view.
#include "fakellmserver.h"
#include "server/agent/openaiagent.h"
#include "server/http/chatserver.h"
#include "ui/net/chatclient.h"
#include "ui/widgets/chatdelegate.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageinput.h"

#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTextDocument>

#include <memory>

using namespace Qt::StringLiterals;
using namespace rill;

namespace {

constexpr int kRunTimeoutMs = 15000;

// An answer of `lines` list items, one piece per line, as a model streams it.
QStringList longAnswer(int lines)
{
    QStringList pieces { u"Here is the list you asked for:\n\n"_s };
    for (int i = 1; i <= lines; ++i)
        pieces.append(u"%1. item number %1 of the list\n"_s.arg(i));
    pieces.append(u"\nThe very last line of the answer."_s);
    return pieces;
}

} // namespace

class TestRichAnswers : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void scrollRangeFollowsAGrowingAnswer();

private:
    void ask(const QString &text);
    ChatView *view() const { return m_window->findChild<ChatView *>(u"chatView"_s); }
    ChatModel *model() const { return m_window->model(); }
    int lastRow() const { return model()->rowCount() - 1; }
    const ChatDelegate *delegate() const
    {
        return static_cast<const ChatDelegate *>(view()->itemDelegate());
    }

    std::unique_ptr<FakeLlmServer> m_llm;
    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<MainWindow> m_window;
};

void TestRichAnswers::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"RillTest"_s);
    QCoreApplication::setApplicationName(u"tst_richanswers"_s);
    QSettings().clear();
}

void TestRichAnswers::init()
{
    m_llm = std::make_unique<FakeLlmServer>();
    m_llm->gapMs = 5;
    OpenAiAgentOptions options;
    options.baseUrl = m_llm->url();
    m_server = std::make_unique<ChatServer>(
        [options]() -> std::unique_ptr<Agent> { return std::make_unique<OpenAiAgent>(options); });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_client = std::make_unique<ChatClient>();
    m_client->setServerUrl(m_server->url());
    m_window = std::make_unique<MainWindow>(m_client.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(view());
}

void TestRichAnswers::cleanup()
{
    m_window.reset();
    m_client.reset();
    m_server.reset();
    m_llm.reset();
}

void TestRichAnswers::ask(const QString &text)
{
    auto *input = m_window->findChild<MessageInput *>(u"messageInput"_s);
    QVERIFY(input);
    input->setPlainText(text);
    m_window->sendMessage();
    QTRY_VERIFY_WITH_TIMEOUT(m_client->state() != ChatClient::State::Idle, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ChatClient::State::Idle, kRunTimeoutMs);
}

void TestRichAnswers::scrollRangeFollowsAGrowingAnswer()
{
    // A first short answer lays the view out; the long one then grows in place.
    m_llm->pieces = { u"Short."_s };
    ask(u"first"_s);
    QScrollBar *bar = view()->verticalScrollBar();
    const int maximumBefore = bar->maximum();

    m_llm->pieces = longAnswer(60);
    QList<int> maxima; // the scroll range each time it changed
    connect(
        bar, &QScrollBar::rangeChanged, this, [&](int, int maximum) { maxima.append(maximum); });
    ask(u"a long list, please"_s);
    QCOMPARE(model()->item(lastRow()).text, m_llm->pieces.join(QString()));
    QTRY_VERIFY(bar->maximum() > maximumBefore + 60 * view()->fontMetrics().height() / 2);

    // The range grew with the row while it streamed, not once at the end.
    int rises = 0;
    for (qsizetype i = 1; i < maxima.size(); ++i)
        rises += maxima.at(i) > maxima.at(i - 1) ? 1 : 0;
    qInfo("scroll range: %d rises in %lld changes, maximum %d -> %d", rises,
        qlonglong(maxima.size()), maximumBefore, bar->maximum());
    QVERIFY2(rises > 20,
        qPrintable(u"the range rose %1 times in %2 changes"_s.arg(rises).arg(maxima.size())));

    // The whole row is measured: its rectangle is as tall as its text.
    const QModelIndex answer = model()->index(lastRow());
    const QTextDocument *document = delegate()->renderedText(lastRow());
    QVERIFY(document);
    QVERIFY(view()->visualRect(answer).height() >= int(document->size().height()));

    // At the end of the range, the last line is inside the viewport.
    bar->setValue(bar->maximum());
    QTRY_VERIFY(view()->visualRect(answer).bottom() <= view()->viewport()->height());
    QVERIFY(view()->visualRect(answer).bottom() > view()->viewport()->height() / 2);
    QCOMPARE(view()->indexAt(QPoint(20, view()->viewport()->height() - 20)), answer);
}

QTEST_MAIN(TestRichAnswers)
#include "tst_richanswers.moc"
