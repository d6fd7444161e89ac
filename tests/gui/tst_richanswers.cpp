// The window under a model's long, rich answers, the whole way: a fake LLM
// server on 127.0.0.1 -> OpenAiAgent -> a real ChatServer -> SSE -> ChatClient
// -> MainWindow, offscreen. The answer grows past the bottom of the view, and
// carries HTML that must stay text.
#include "fakellmserver.h"
#include "server/agent/openaiagent.h"
#include "server/http/chatserver.h"
#include "ui/net/chatclient.h"
#include "ui/widgets/chatdelegate.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatstyle.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageinput.h"
#include "ui/widgets/modeltextdocument.h"
#include "ui/widgets/streaminspector.h"
#include "ui/widgets/streaminspectormodel.h"

#include <QImage>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>

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
    void htmlInAnAnswerIsText();
    void markdownImagesAreNotLoaded();
    void longCodeLinesWrap();
    void stoppedAnswerIsMarked();
    void llmFailureOffersRetry();

private:
    // Paints the window and returns the answer row's document as drawn.
    const QTextDocument *drawnAnswer();
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

const QTextDocument *TestRichAnswers::drawnAnswer()
{
    view()->verticalScrollBar()->setValue(view()->verticalScrollBar()->maximum());
    m_window->grab(); // paints every visible row, loading whatever they ask for
    return delegate()->renderedText(lastRow());
}

void TestRichAnswers::htmlInAnAnswerIsText()
{
    const QStringList tags { u"<img src=x>"_s, u"<img src=\"file:///etc/passwd\">"_s,
        u"<b>bold</b>"_s, u"<script>alert(1)</script>"_s, u"<style>p { display: none }</style>"_s,
        u"<a href=\"javascript:alert(1)\">click</a>"_s, u"<think>"_s, u"</think>"_s };
    m_llm->pieces = { u"Before the image "_s, tags.at(0), u" and after it.\n\n"_s, tags.at(1),
        u"\n\nSome "_s, tags.at(2), u" words, then "_s, tags.at(3), u".\n\n"_s, tags.at(4),
        u"\n\nA link: "_s, tags.at(5), u"\n\n"_s, tags.at(6), u"reasoning"_s, tags.at(7),
        u"\n\n- one\n- two\n\n```\ncode stays\n```\n\nThe last paragraph."_s };
    auto *inspector = m_window->findChild<StreamInspectorDock *>(u"streamInspectorDock"_s);
    QVERIFY(inspector);
    inspector->show();
    const int refusedBefore = ModelTextDocument::refusedResourceCount();
    ask(u"show me some HTML"_s);
    const QTextDocument *document = drawnAnswer();
    QVERIFY(document);

    // Every character the model sent is there to read, tags included.
    const QString shown = document->toPlainText();
    for (const QString &tag : tags)
        QVERIFY2(shown.contains(tag), qPrintable(tag + u" missing from: "_s + shown));
    for (const QString &text :
        { u"and after it."_s, u"reasoning"_s, u"code stays"_s, u"The last paragraph."_s })
        QVERIFY2(shown.contains(text), qPrintable(text + u" missing from: "_s + shown));
    // None of it was taken as markup: nothing bold, no image, no link.
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            QVERIFY2(format.fontWeight() < QFont::DemiBold, qPrintable(it.fragment().text()));
            QVERIFY(!format.isImageFormat());
            QVERIFY(!format.isAnchor());
        }
    }

    // The stream inspector shows the same event's data as text too.
    StreamInspectorModel *events = inspector->model();
    auto *table = inspector->findChild<QTableView *>(u"inspectorTable"_s);
    auto *details = inspector->findChild<QPlainTextEdit *>(u"inspectorDetails"_s);
    QVERIFY(table && details);
    QVERIFY(qobject_cast<ModelTextDocument *>(details->document()));
    int assistantRow = -1;
    for (int row = 0; row < events->rowCount(); ++row) {
        if (events->index(row, StreamInspectorModel::TypeColumn).data() == u"assistant"_s)
            assistantRow = row;
    }
    QVERIFY(assistantRow >= 0);
    table->setCurrentIndex(events->index(assistantRow, 0));
    for (const QString &tag : { u"<img src=x>"_s, u"<b>bold</b>"_s, u"<script>alert(1)</script>"_s,
             u"<think>reasoning</think>"_s })
        QVERIFY2(details->toPlainText().contains(tag), qPrintable(details->toPlainText()));
    m_window->grab();
    QCOMPARE(ModelTextDocument::refusedResourceCount(), refusedBefore);
}

void TestRichAnswers::markdownImagesAreNotLoaded()
{
    // A real picture on disk: were it read, the document would hold it.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString picture = dir.filePath(u"secret.png"_s);
    QImage image(16, 16, QImage::Format_RGB32);
    image.fill(Qt::red);
    QVERIFY(image.save(picture));
    const QString fileUrl = QUrl::fromLocalFile(picture).toString();

    m_llm->pieces = { u"A path: ![secret](%1)\n\n"_s.arg(picture),
        u"A file URL: ![pic](%1), without alt text: ![](%1)\n\n"_s.arg(fileUrl),
        u"A web one: ![tracker](http://127.0.0.1:9/pixel.png) and text after."_s };
    ask(u"show me pictures"_s);
    const QTextDocument *document = drawnAnswer();
    QVERIFY(document);

    const QString shown = document->toPlainText();
    QVERIFY2(shown.contains(u"secret ("_s + picture + u')'), qPrintable(shown));
    QVERIFY2(shown.contains(u"pic ("_s + fileUrl + u')'), qPrintable(shown));
    QVERIFY2(shown.contains(u"tracker (http://127.0.0.1:9/pixel.png)"_s), qPrintable(shown));
    QVERIFY(shown.contains(u"text after."_s));
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it)
            QVERIFY(!it.fragment().charFormat().isImageFormat());
    }
    for (const QString &name : { picture, fileUrl })
        QVERIFY(document->resource(QTextDocument::ImageResource, QUrl(name)).isNull());
}

void TestRichAnswers::longCodeLinesWrap()
{
    const QString longLine = u"call(%1);"_s.arg(QString(u"argument, "_s).repeated(40));
    m_llm->pieces = { u"Code:\n\n```cpp\n"_s, longLine, u"\nshort();\n```\n\nAfter."_s };
    ask(u"long code"_s);
    const QTextDocument *document = drawnAnswer();
    QVERIFY(document);
    // Nothing sticks out of the text's width: the long line wraps, whole.
    QVERIFY2(document->idealWidth() <= document->textWidth() + 1,
        qPrintable(u"%1 > %2"_s.arg(document->idealWidth()).arg(document->textWidth())));
    const QTextBlock code = document->find(longLine).block();
    QVERIFY(code.isValid());
    QCOMPARE(code.text(), longLine);
    QVERIFY2(
        code.layout()->lineCount() > 2, qPrintable(QString::number(code.layout()->lineCount())));
    QVERIFY(code.blockFormat().hasProperty(QTextFormat::BlockCodeFence)); // still code
}

void TestRichAnswers::stoppedAnswerIsMarked()
{
    m_llm->pieces = longAnswer(40);
    m_llm->gapMs = 40;
    auto *input = m_window->findChild<MessageInput *>(u"messageInput"_s);
    input->setPlainText(u"a long list, slowly"_s);
    m_window->sendMessage();
    QTRY_VERIFY_WITH_TIMEOUT(
        model()->rowCount() == 2 && model()->item(1).text.count(u'\n') >= 3, kRunTimeoutMs);
    QTest::keyClick(input, Qt::Key_Escape);
    QTRY_COMPARE(m_client->state(), ChatClient::State::Idle);

    const QModelIndex answer = model()->index(1);
    QCOMPARE(model()->item(1).end, RunEnd::Stopped);
    QVERIFY(model()->item(1).text.size() < m_llm->pieces.join(QString()).size());
    // The row has room for the mark under the bubble.
    const QTextDocument *document = drawnAnswer();
    QVERIFY(document);
    const int bubbleRow
        = int(document->size().height()) + 2 * ChatMetrics::PaddingY + 2 * ChatMetrics::RowMarginY;
    QVERIFY2(view()->visualRect(answer).height() > bubbleRow + view()->fontMetrics().height() / 2,
        qPrintable(u"%1 vs %2"_s.arg(view()->visualRect(answer).height()).arg(bubbleRow)));
}

void TestRichAnswers::llmFailureOffersRetry()
{
    // The agent cannot get an answer from its LLM server: the run fails with
    // the agent's error event, which Retry may mend once the LLM is back.
    m_llm->mode = FakeLlmServer::Mode::Error500;
    ask(u"are you there?"_s);
    QCOMPARE(model()->item(lastRow()).kind, ChatItem::Kind::Error);
    auto *notice = m_window->findChild<QWidget *>(u"runNotice"_s);
    auto *retry = m_window->findChild<QPushButton *>(u"retryButton"_s);
    QVERIFY(notice && retry);
    QVERIFY(notice->isVisible());
    QVERIFY(retry->isVisible());
    QCOMPARE(m_client->lastFailure(), ChatClient::Failure::Agent);

    m_llm->mode = FakeLlmServer::Mode::Stream;
    m_llm->pieces = { u"Yes, "_s, u"I am."_s };
    const int requests = m_llm->requestCount();
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_client->state() == ChatClient::State::Idle
            && model()->item(lastRow()).kind == ChatItem::Kind::Assistant,
        kRunTimeoutMs);
    QCOMPARE(m_llm->requestCount(), requests + 1);
    QCOMPARE(model()->item(lastRow()).text, u"Yes, I am."_s);
    QVERIFY(!notice->isVisible());
}

QTEST_MAIN(TestRichAnswers)
#include "tst_richanswers.moc"
