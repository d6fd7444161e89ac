// Deltas in the window: the answer being written is one row that grows, the
// other rows are neither re-parsed nor measured again for each piece, and the
// whole answer at the end replaces the pieces.
#include "fakellmserver.h"
#include "server/agent/openaiagent.h"
#include "server/http/chatserver.h"
#include "ui/net/chatclient.h"
#include "ui/widgets/chatdelegate.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageinput.h"

#include <QSignalSpy>
#include <QTest>

using namespace rill;

namespace {

// Counts how often each row is measured.
class CountingDelegate : public ChatDelegate
{
public:
    using ChatDelegate::ChatDelegate;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        ++calls[index.row()];
        return ChatDelegate::sizeHint(option, index);
    }
    int callsOtherThan(int row) const
    {
        int total = 0;
        for (auto it = calls.cbegin(); it != calls.cend(); ++it)
            total += it.key() == row ? 0 : it.value();
        return total;
    }
    mutable QHash<int, int> calls;
};

} // namespace

class TestDeltaRendering : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void deltasGrowOneRow();
    void finalAnswerReplacesThePieces();
    void aDeltaAfterAnErrorStartsANewRow();
    void windowStreamsAnLlmAnswer();

private:
    // Lets the view paint, and runs the layout it may still have pending
    // (after a resize QListView waits 100 ms before laying out).
    void settle()
    {
        QCoreApplication::processEvents();
        m_view->visualRect(m_model->index(lastRow()));
        QCoreApplication::processEvents();
    }
    int lastRow() const { return m_model->rowCount() - 1; }

    ChatModel *m_model = nullptr;
    ChatView *m_view = nullptr;
    CountingDelegate *m_delegate = nullptr;
};

void TestDeltaRendering::init()
{
    m_model = new ChatModel;
    m_view = new ChatView;
    m_delegate = new CountingDelegate(m_view);
    m_view->setItemDelegate(m_delegate);
    m_view->setModel(m_model);
    m_view->resize(600, 400);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
    for (int i = 0; i < 30; ++i) {
        m_model->addUserMessage(QStringLiteral("question %1").arg(i));
        m_model->addAssistantMessage(QStringLiteral("**answer** %1\n\n- a\n- b").arg(i));
    }
    m_model->addUserMessage(QStringLiteral("and now?"));
    settle();
}

void TestDeltaRendering::cleanup()
{
    delete m_view;
    delete m_model;
}

void TestDeltaRendering::deltasGrowOneRow()
{
    m_model->appendAssistantDelta(QStringLiteral("Hello"));
    settle();
    const int row = lastRow();
    const int rows = m_model->rowCount();
    const int heightBefore = m_view->visualRect(m_model->index(row)).height();
    QVERIFY(heightBefore > 0);

    // Pieces that stay on the first line: the row changes in place, alone.
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_delegate->calls.clear();
    const QStringList pieces { QStringLiteral(","), QStringLiteral(" "), QStringLiteral("**wor"),
        QStringLiteral("ld**"), QStringLiteral("!") };
    for (const QString &piece : pieces) {
        m_model->appendAssistantDelta(piece);
        settle();
    }
    QCOMPARE(m_model->rowCount(), rows);
    QCOMPARE(m_model->item(row).text, QStringLiteral("Hello, **world**!"));
    QCOMPARE(changed.size(), pieces.size());
    for (const QList<QVariant> &signal : std::as_const(changed)) {
        QCOMPARE(signal.at(0).toModelIndex().row(), row);
        QCOMPARE(signal.at(1).toModelIndex().row(), row);
    }
    // No other row was measured again, piece after piece.
    QCOMPARE(m_delegate->callsOtherThan(row), 0);
    QCOMPARE(m_view->visualRect(m_model->index(row)).height(), heightBefore);

    // A piece that adds lines (markdown list included) makes the row taller.
    m_model->appendAssistantDelta(QStringLiteral("\n\n- one\n- two\n- three"));
    QTRY_VERIFY(m_view->visualRect(m_model->index(row)).height() > heightBefore + 20);
    QCOMPARE(m_model->rowCount(), rows);
}

void TestDeltaRendering::finalAnswerReplacesThePieces()
{
    m_model->appendAssistantDelta(QStringLiteral("The answer "));
    m_model->appendAssistantDelta(QStringLiteral("is"));
    settle();
    const int rows = m_model->rowCount();
    m_model->addAssistantMessage(QStringLiteral("The answer is **42**."));
    settle();
    QCOMPARE(m_model->rowCount(), rows);
    QCOMPARE(m_model->item(lastRow()).text, QStringLiteral("The answer is **42**."));
    QCOMPARE(m_model->item(lastRow()).kind, ChatItem::Kind::Assistant);
    // The next turn's pieces start a row of their own.
    m_model->addUserMessage(QStringLiteral("more"));
    m_model->appendAssistantDelta(QStringLiteral("Sure"));
    QCOMPARE(m_model->rowCount(), rows + 2);
    QCOMPARE(m_model->item(lastRow()).text, QStringLiteral("Sure"));
}

void TestDeltaRendering::aDeltaAfterAnErrorStartsANewRow()
{
    m_model->appendAssistantDelta(QStringLiteral("partial"));
    m_model->addError(QStringLiteral("the LLM server closed the stream"));
    m_model->endRun();
    const int rows = m_model->rowCount();
    m_model->appendAssistantDelta(QStringLiteral("new"));
    QCOMPARE(m_model->rowCount(), rows + 1);
    QCOMPARE(m_model->item(rows - 2).text, QStringLiteral("partial")); // kept as it was
}

// The whole way: fake LLM server -> OpenAiAgent -> ChatServer -> SSE ->
// ChatClient -> the window's model, one piece at a time into one row.
void TestDeltaRendering::windowStreamsAnLlmAnswer()
{
    FakeLlmServer llm;
    llm.gapMs = 80;
    OpenAiAgentOptions options;
    options.baseUrl = llm.url();
    ChatServer server(
        [options]() -> std::unique_ptr<Agent> { return std::make_unique<OpenAiAgent>(options); });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    ChatClient client;
    client.setServerUrl(server.url());
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    ChatModel *model = window.model();
    QStringList seen; // the answer row's text after each change
    connect(model, &QAbstractItemModel::dataChanged, this,
        [&](const QModelIndex &index, const QModelIndex &, const QList<int> &roles) {
            if (roles.contains(ChatModel::TextRole)) // not the answer's end mark
                seen.append(model->item(index.row()).text);
        });
    connect(model, &QAbstractItemModel::rowsInserted, this, [&](const QModelIndex &, int row) {
        if (model->item(row).kind == ChatItem::Kind::Assistant)
            seen.append(model->item(row).text);
    });
    window.findChild<MessageInput *>(QStringLiteral("messageInput"))
        ->setPlainText(QStringLiteral("hi"));
    window.sendMessage();
    QTRY_VERIFY_WITH_TIMEOUT(client.state() == ChatClient::State::Streaming, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(client.state() == ChatClient::State::Idle, 10000);

    QCOMPARE(model->rowCount(), 2); // the question and one answer row
    QCOMPARE(model->item(1).kind, ChatItem::Kind::Assistant);
    QCOMPARE(model->item(1).text, llm.pieces.join(QString()));
    // Grown piece by piece; the whole answer at the end changed nothing more.
    QStringList expected;
    QString text;
    for (const QString &piece : std::as_const(llm.pieces))
        expected.append(text += piece);
    QCOMPARE(seen, expected);
}

QTEST_MAIN(TestDeltaRendering)
#include "tst_deltarendering.moc"
