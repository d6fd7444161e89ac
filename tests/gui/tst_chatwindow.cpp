// The chat window end to end: a real ChatServer with the demo agent on
// 127.0.0.1:0, a real ChatClient, the MainWindow driven by keys and clicks.
// Set RILL_SCREENSHOT_DIR to keep pictures of the window mid-plan and after
// the answer.
#include "server/agent/demoagent.h"
#include "server/http/chatserver.h"
#include "ui/net/chatclient.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageinput.h"
#include "ui/widgets/settingsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <array>
#include <memory>
#include <optional>

using namespace std::chrono_literals;
using rill::ChatClient;
using rill::ChatItem;
using rill::ChatModel;
using rill::ChatServer;
using rill::PlanSteps;
using rill::StepState;

namespace {

constexpr auto kStepDelay = 150ms;
constexpr int kRunTimeoutMs = 10000; // a demo run takes about 12 step delays

// QTest::keyClicks as it should be: Qt 6.4's passes each character through
// toLatin1() and asserts on anything beyond Latin-1, such as 晴天. Those are
// sent as key events carrying their text, which is what a keyboard layout
// that produces them sends.
void keyClicks(
    QWidget *widget, const QString &text, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x80)
            QTest::keyClick(widget, c.toLatin1(), modifiers);
        else
            QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c), modifiers);
    }
}

} // namespace

class TestChatWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void sendShowsThePlanLive();
    void stopEndsTheRun();
    void shiftEnterInsertsNewline();
    void errorKeepsHistory();
    void viewFollowsEndOnlyAtBottom();
    void settingsSwitchServers();

private:
    void send(const QString &text);
    // Rows of a kind at or after `from`, first found; -1 if none.
    int findRow(ChatItem::Kind kind, int from = 0) const;
    PlanSteps stepsAt(int row) const;
    void waitForRunEnd();
    void screenshot(const QString &name);

    rill::MessageInput *input() const
    {
        return m_window->findChild<rill::MessageInput *>(QStringLiteral("messageInput"));
    }
    QPushButton *sendButton() const
    {
        return m_window->findChild<QPushButton *>(QStringLiteral("sendButton"));
    }
    ChatModel *model() const { return m_window->model(); }
    rill::ChatView *view() const
    {
        return m_window->findChild<rill::ChatView *>(QStringLiteral("chatView"));
    }

    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<rill::MainWindow> m_window;
};

void TestChatWindow::initTestCase()
{
    // The settings dialog must not read or write the user's real settings.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("RillTest"));
    QSettings().clear();
}

void TestChatWindow::init()
{
    // As `rill` starts its embedded server: with a token of its own, which the
    // window's client must carry on every request.
    ChatServer::Options options;
    options.access.token = rill::AccessPolicy::randomToken();
    m_server = std::make_unique<ChatServer>(
        [] { return std::make_unique<rill::DemoAgent>(kStepDelay); }, options);
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
    m_client = std::make_unique<ChatClient>();
    m_client->setServerUrl(m_server->url());
    m_window = std::make_unique<rill::MainWindow>(m_client.get());
    m_window->setEmbeddedServer(m_server->url(), options.access.token);
    m_window->applySettings(rill::ConnectionSettings {});
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(input());
    QVERIFY(sendButton());
    QVERIFY(view());
}

void TestChatWindow::cleanup()
{
    m_window.reset();
    m_client.reset();
    m_server.reset();
}

void TestChatWindow::send(const QString &text)
{
    input()->setFocus();
    keyClicks(input(), text);
    QCOMPARE(input()->toPlainText(), text);
    QTest::keyClick(input(), Qt::Key_Return);
}

int TestChatWindow::findRow(ChatItem::Kind kind, int from) const
{
    for (int row = from; row < model()->rowCount(); ++row) {
        if (model()->item(row).kind == kind)
            return row;
    }
    return -1;
}

PlanSteps TestChatWindow::stepsAt(int row) const
{
    return model()->index(row).data(ChatModel::StepsRole).value<PlanSteps>();
}

void TestChatWindow::waitForRunEnd()
{
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ChatClient::State::Idle, kRunTimeoutMs);
    QTRY_COMPARE(sendButton()->text(), QStringLiteral("Send"));
}

void TestChatWindow::screenshot(const QString &name)
{
    const QString dir = qEnvironmentVariable("RILL_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QVERIFY(m_window->grab().save(QDir(dir).filePath(name)));
}

void TestChatWindow::sendShowsThePlanLive()
{
    // When each step turns done, so the test can tell live updates from a
    // burst delivered at the end.
    QElapsedTimer clock;
    clock.start();
    std::array<std::optional<qint64>, 3> doneAt;
    connect(model(), &ChatModel::dataChanged, this, [&](const QModelIndex &changed) {
        const PlanSteps steps = stepsAt(changed.row());
        for (qsizetype i = 0; i < steps.size() && i < qsizetype(doneAt.size()); ++i) {
            if (steps.at(i).state == StepState::Done && !doneAt[i])
                doneAt[i] = clock.elapsed();
        }
    });
    const int rowsBefore = model()->rowCount();

    send(QStringLiteral("我想听晴天"));
    QVERIFY(input()->toPlainText().isEmpty());
    QVERIFY(model()->rowCount() > rowsBefore);
    QCOMPARE(model()->item(0).kind, ChatItem::Kind::User);
    QCOMPARE(model()->item(0).text, QStringLiteral("我想听晴天"));
    QTRY_COMPARE(sendButton()->text(), QStringLiteral("Stop"));

    QTRY_VERIFY(findRow(ChatItem::Kind::Plan) >= 0);
    const int planRow = findRow(ChatItem::Kind::Plan);
    QTRY_COMPARE(stepsAt(planRow).size(), 3);
    QCOMPARE(stepsAt(planRow).at(0).title, QStringLiteral("1. 下载歌曲"));

    QTRY_VERIFY(stepsAt(planRow).at(1).state != StepState::Pending);
    screenshot(QStringLiteral("rill-mid-plan.png"));

    QTRY_VERIFY_WITH_TIMEOUT(doneAt[2].has_value(), kRunTimeoutMs);
    QVERIFY(doneAt[0] && doneAt[1]);
    // The plan card changed in place: still one card, at the same row.
    QCOMPARE(findRow(ChatItem::Kind::Plan), planRow);
    QCOMPARE(findRow(ChatItem::Kind::Plan, planRow + 1), -1);
    for (const rill::PlanStep &step : stepsAt(planRow)) {
        QCOMPARE(step.state, StepState::Done);
        QVERIFY(!step.detail.isEmpty());
    }
    // Two step delays lie between one step's done and the next one's.
    QVERIFY2(*doneAt[1] - *doneAt[0] >= 100,
        qPrintable(QStringLiteral("done at %1, %2 ms").arg(*doneAt[0]).arg(*doneAt[1])));
    QVERIFY2(*doneAt[2] - *doneAt[1] >= 100,
        qPrintable(QStringLiteral("done at %1, %2 ms").arg(*doneAt[1]).arg(*doneAt[2])));

    QTRY_VERIFY(findRow(ChatItem::Kind::Assistant, planRow + 1) > planRow);
    const int answerRow = findRow(ChatItem::Kind::Assistant, planRow + 1);
    QVERIFY(model()->item(answerRow).text.contains(QStringLiteral("晴天")));
    waitForRunEnd();
    QCOMPARE(findRow(ChatItem::Kind::Error), -1);
    QVERIFY(!view()->isAnimating());
    screenshot(QStringLiteral("rill-answer.png"));
}

void TestChatWindow::stopEndsTheRun()
{
    send(QStringLiteral("我想听晴天"));
    QTRY_VERIFY(findRow(ChatItem::Kind::Plan) >= 0);
    const int planRow = findRow(ChatItem::Kind::Plan);
    QCOMPARE(sendButton()->text(), QStringLiteral("Stop"));

    QTest::mouseClick(sendButton(), Qt::LeftButton);
    QTRY_COMPARE(m_client->state(), ChatClient::State::Idle);
    QTRY_COMPARE(m_server->activeRunCount(), 0);
    QCOMPARE(sendButton()->text(), QStringLiteral("Send"));

    const PlanSteps stepsAtStop = stepsAt(planRow);
    const int rowsAtStop = model()->rowCount();
    QSignalSpy changed(model(), &ChatModel::dataChanged);
    QSignalSpy inserted(model(), &ChatModel::rowsInserted);
    // Waiting for something that must not happen: longer than several step
    // delays, in which the stopped run would have sent more.
    QVERIFY(!QTest::qWaitFor([&] { return changed.count() + inserted.count() > 0; }, 800));
    QCOMPARE(stepsAt(planRow), stepsAtStop);
    QCOMPARE(model()->rowCount(), rowsAtStop);
    for (const rill::PlanStep &step : stepsAtStop)
        QVERIFY(step.state != StepState::Running); // nothing left spinning
    QVERIFY(!view()->isAnimating());

    // The session is free again: a new message gets a run and a card of its own.
    send(QStringLiteral("我想听七里香"));
    QTRY_VERIFY(findRow(ChatItem::Kind::Plan, rowsAtStop) > planRow);
    QTRY_VERIFY_WITH_TIMEOUT(
        findRow(ChatItem::Kind::Assistant, findRow(ChatItem::Kind::Plan, rowsAtStop) + 1) > 0,
        kRunTimeoutMs);
    waitForRunEnd();
    QCOMPARE(stepsAt(planRow), stepsAtStop);
    QCOMPARE(findRow(ChatItem::Kind::Error), -1);
}

void TestChatWindow::shiftEnterInsertsNewline()
{
    input()->setFocus();
    keyClicks(input(), QStringLiteral("第一行"));
    QTest::keyClick(input(), Qt::Key_Return, Qt::ShiftModifier);
    keyClicks(input(), QStringLiteral("second"));
    QCOMPARE(input()->toPlainText(), QStringLiteral("第一行\nsecond"));
    QCOMPARE(model()->rowCount(), 0);
    QCOMPARE(m_client->state(), ChatClient::State::Idle);

    QTest::keyClick(input(), Qt::Key_Return);
    QCOMPARE(model()->rowCount(), 1);
    QCOMPARE(model()->item(0).text, QStringLiteral("第一行\nsecond"));
    waitForRunEnd();
}

void TestChatWindow::errorKeepsHistory()
{
    send(QStringLiteral("我想听晴天"));
    QTRY_VERIFY_WITH_TIMEOUT(
        findRow(ChatItem::Kind::Assistant, qMax(0, findRow(ChatItem::Kind::Plan)) + 1) > 0,
        kRunTimeoutMs);
    waitForRunEnd();
    QList<ChatItem> before;
    for (int row = 0; row < model()->rowCount(); ++row)
        before.append(model()->item(row));

    send(QStringLiteral("我想听晴天 #fail"));
    QTRY_VERIFY_WITH_TIMEOUT(findRow(ChatItem::Kind::Error) >= 0, kRunTimeoutMs);
    waitForRunEnd();

    const int errorRow = findRow(ChatItem::Kind::Error);
    QVERIFY(errorRow > int(before.size()));
    QVERIFY(!model()->item(errorRow).text.isEmpty());
    for (int row = 0; row < before.size(); ++row) {
        QCOMPARE(model()->item(row).kind, before.at(row).kind);
        QCOMPARE(model()->item(row).text, before.at(row).text);
        QCOMPARE(model()->item(row).steps, before.at(row).steps);
    }
    // The failed run's own card shows where it broke.
    const PlanSteps failed = stepsAt(findRow(ChatItem::Kind::Plan, int(before.size())));
    QCOMPARE(failed.size(), 3);
    QCOMPARE(failed.at(0).state, StepState::Done);
    QCOMPARE(failed.at(1).state, StepState::Failed);
    QCOMPARE(failed.at(2).state, StepState::Pending);
    screenshot(QStringLiteral("rill-error.png"));
}

void TestChatWindow::viewFollowsEndOnlyAtBottom()
{
    for (int i = 0; i < 40; ++i)
        model()->addAssistantMessage(QStringLiteral("第 %1 行\n\nline %1").arg(i));
    QScrollBar *bar = view()->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());

    // Reading further up: new rows must not pull the view away.
    bar->setValue(0);
    QVERIFY(!view()->isFollowingEnd());
    const int maximumBefore = bar->maximum();
    model()->addAssistantMessage(QStringLiteral("new while reading"));
    QTRY_VERIFY(bar->maximum() > maximumBefore);
    QCOMPARE(bar->value(), 0);

    // Back at the end: growth, of new rows or of the last one, is followed.
    bar->setValue(bar->maximum());
    QVERIFY(view()->isFollowingEnd());
    model()->appendAssistantDelta(QStringLiteral("streamed"));
    for (int i = 0; i < 10; ++i)
        model()->appendAssistantDelta(QStringLiteral(" more text, line after line\n\n"));
    const int maximumAtEnd = bar->maximum();
    QTRY_VERIFY(bar->maximum() > maximumAtEnd);
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void TestChatWindow::settingsSwitchServers()
{
    QAction *action = m_window->findChild<QAction *>(QStringLiteral("settingsAction"));
    QVERIFY(action);
    const auto openDialog = [this, action]() -> rill::SettingsDialog * {
        action->trigger();
        auto *dialog = m_window->findChild<rill::SettingsDialog *>();
        return dialog && dialog->isVisible() ? dialog : nullptr;
    };

    rill::SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    auto *remote = dialog->findChild<QRadioButton *>(QStringLiteral("remoteServerRadio"));
    auto *url = dialog->findChild<QLineEdit *>(QStringLiteral("serverUrlEdit"));
    auto *token = dialog->findChild<QLineEdit *>(QStringLiteral("tokenEdit"));
    auto *problem = dialog->findChild<QLabel *>(QStringLiteral("urlProblemLabel"));
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(remote && url && token && problem && ok);
    QCOMPARE(token->echoMode(), QLineEdit::Password);

    remote->setChecked(true);
    url->setText(QStringLiteral("localhost:8000"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(problem->isVisible());
    QVERIFY(problem->text().contains(QStringLiteral("http://")));

    url->setText(QStringLiteral("http://127.0.0.1:1/rill"));
    token->setText(QStringLiteral("secret"));
    QVERIFY(ok->isEnabled());
    QVERIFY(!problem->isVisible());
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(m_client->serverUrl(), QUrl(QStringLiteral("http://127.0.0.1:1/rill/")));
    const rill::ConnectionSettings stored = rill::SettingsDialog::storedSettings();
    QCOMPARE(stored.mode, rill::ConnectionSettings::Mode::Remote);
    QCOMPARE(stored.url, QUrl(QStringLiteral("http://127.0.0.1:1/rill/")));
    QCOMPARE(stored.token, QStringLiteral("secret"));
    QTRY_VERIFY(!m_window->findChild<rill::SettingsDialog *>()); // deleted on close

    dialog = openDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QRadioButton *>(QStringLiteral("remoteServerRadio"))->isChecked());
    dialog->findChild<QRadioButton *>(QStringLiteral("embeddedServerRadio"))->setChecked(true);
    dialog->accept();
    QCOMPARE(m_client->serverUrl(), m_server->url());
    QCOMPARE(rill::SettingsDialog::storedSettings().mode, rill::ConnectionSettings::Mode::Embedded);
    QSettings().clear();
}

QTEST_MAIN(TestChatWindow)
#include "tst_chatwindow.moc"
