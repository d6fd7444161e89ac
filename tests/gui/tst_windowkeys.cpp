// The window by keyboard and on a small screen (offscreen, whose screen is
// 800×800): the chat view scrolls by keys and shows when it has the focus,
// Esc stops a run of a real ChatServer with the demo agent, Ctrl+, opens the
// settings, Ctrl+B hides the sidebar, and the first size fits the screen.
#include "server/agent/demoagent.h"
#include "server/http/chatserver.h"
#include "ui/net/chatclient.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/conversationsidebar.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageinput.h"
#include "ui/widgets/plancardpainter.h"
#include "ui/widgets/settingsdialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using namespace rill;

class TestWindowKeys : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void firstSizeFitsTheScreen();
    void keysScrollTheChat();
    void focusIsVisibleInTheChat();
    void tabGoesBetweenTheInputAndTheChat();
    void mnemonicsAreUnique();
    void clickingAnAnswerDoesNotScroll();
    void escapeStopsTheRun();
    void ctrlCommaOpensSettings();
    void ctrlBTogglesTheSidebar();
    void longTitleIsElidedInTheSidebar();
    void settingsShowTheAgentInUseAndKeepTheirSize();

private:
    ChatView *view() const { return m_window->findChild<ChatView *>(u"chatView"_s); }
    ChatModel *model() const { return m_window->model(); }

    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<MainWindow> m_window;
};

void TestWindowKeys::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"RillTest"_s);
    QCoreApplication::setApplicationName(u"tst_windowkeys"_s);
    QSettings().clear();
}

void TestWindowKeys::init()
{
    m_server = std::make_unique<ChatServer>([] { return std::make_unique<DemoAgent>(100ms); });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_client = std::make_unique<ChatClient>();
    m_client->setServerUrl(m_server->url());
    m_window = std::make_unique<MainWindow>(m_client.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(view());
}

void TestWindowKeys::cleanup()
{
    m_window.reset();
    m_client.reset();
    m_server.reset();
}

void TestWindowKeys::firstSizeFitsTheScreen()
{
    const QSize available = m_window->screen()->availableGeometry().size();
    QVERIFY2(m_window->width() <= available.width() && m_window->height() <= available.height(),
        qPrintable(u"%1×%2 on %3×%4"_s.arg(m_window->width())
                       .arg(m_window->height())
                       .arg(available.width())
                       .arg(available.height())));
}

void TestWindowKeys::keysScrollTheChat()
{
    for (int i = 0; i < 40; ++i)
        model()->addAssistantMessage(u"line %1\n\nand another"_s.arg(i));
    QScrollBar *bar = view()->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    view()->setFocus();

    QTest::keyClick(view(), Qt::Key_Home);
    QCOMPARE(bar->value(), 0);
    QTest::keyClick(view(), Qt::Key_PageDown);
    QCOMPARE(bar->value(), bar->pageStep());
    QTest::keyClick(view(), Qt::Key_Down);
    QCOMPARE(bar->value(), bar->pageStep() + bar->singleStep());
    QTest::keyClick(view(), Qt::Key_Up);
    QCOMPARE(bar->value(), bar->pageStep());
    QTest::keyClick(view(), Qt::Key_PageUp);
    QCOMPARE(bar->value(), 0);
    QTest::keyClick(view(), Qt::Key_End);
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(view()->isFollowingEnd());
}

void TestWindowKeys::focusIsVisibleInTheChat()
{
    model()->addAssistantMessage(u"something to look at"_s);
    auto *input = m_window->findChild<MessageInput *>(u"messageInput"_s);
    input->setFocus();
    QTRY_VERIFY(input->hasFocus());
    const QImage without = view()->viewport()->grab().toImage();
    // Tab order: the input, then the chat; the chat is where Tab goes back to.
    view()->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(view()->hasFocus());
    const QImage with = view()->viewport()->grab().toImage();
    QCOMPARE(with.size(), without.size());
    QVERIFY(with != without);
    // The difference is at the edges, not in the text.
    const QPoint corner(1, with.height() / 2);
    QVERIFY(with.pixel(corner) != without.pixel(corner));
}

void TestWindowKeys::tabGoesBetweenTheInputAndTheChat()
{
    // Pressed as a user does, not set by hand: a keyboard user must reach the chat.
    model()->addAssistantMessage(u"something to scroll"_s);
    auto *input = m_window->findChild<MessageInput *>(u"messageInput"_s);
    m_window->activateWindow();
    input->setFocus();
    QTRY_VERIFY(input->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTRY_VERIFY2(view()->hasFocus(),
        qPrintable(u"focus went to %1"_s.arg(QApplication::focusWidget()
                ? QString::fromLatin1(QApplication::focusWidget()->metaObject()->className()) + u' '
                    + QApplication::focusWidget()->objectName()
                : u"nothing"_s)));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
    QTRY_VERIFY(input->hasFocus());
}

void TestWindowKeys::mnemonicsAreUnique()
{
    // Alt+C was both the Chat menu and the Conversations list: Qt then does
    // neither, and the C was typed into the input instead.
    QMap<QChar, QString> seen;
    const auto add = [&](const QString &text) {
        const qsizetype at = text.indexOf(u'&');
        if (at < 0 || at + 1 >= text.size() || text.at(at + 1) == u'&')
            return;
        const QChar key = text.at(at + 1).toLower();
        QVERIFY2(!seen.contains(key),
            qPrintable(u"Alt+%1 is both \"%2\" and \"%3\""_s.arg(key, seen.value(key), text)));
        seen.insert(key, text);
    };
    for (QAction *menu : m_window->menuBar()->actions())
        add(menu->text());
    for (QLabel *label : m_window->findChildren<QLabel *>()) {
        if (label->buddy())
            add(label->text());
    }
    for (QAbstractButton *button : m_window->findChildren<QAbstractButton *>()) {
        if (!qobject_cast<QToolButton *>(button) || button->objectName() == u"newChatButton"_s)
            add(button->text());
    }
    m_window->activateWindow();
    QTRY_VERIFY(m_window->isActiveWindow());
    QTest::keyClick(m_window.get(), Qt::Key_O, Qt::AltModifier);
    QTRY_VERIFY(m_window->findChild<ConversationSidebar *>()->listView()->hasFocus());
}

void TestWindowKeys::clickingAnAnswerDoesNotScroll()
{
    QString tall;
    for (int i = 1; i <= 80; ++i)
        tall += u"%1. a line of a long answer\n"_s.arg(i);
    model()->addUserMessage(u"long"_s);
    model()->addAssistantMessage(tall);
    QScrollBar *bar = view()->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    const int end = bar->value();
    // A click to give the chat the focus, in the middle of the tall answer.
    QTest::mouseClick(view()->viewport(), Qt::LeftButton, {}, view()->viewport()->rect().center());
    QVERIFY(view()->hasFocus());
    // Item views scroll to a clicked item after the double-click interval:
    // waiting longer than that for a jump that must not come.
    QVERIFY(!QTest::qWaitFor(
        [&] { return bar->value() != end; }, QApplication::doubleClickInterval() + 300));
    QCOMPARE(bar->value(), end);
    QTest::keyClick(view(), Qt::Key_End);
    QCOMPARE(bar->value(), bar->maximum());
}

void TestWindowKeys::escapeStopsTheRun()
{
    auto *input = m_window->findChild<MessageInput *>(u"messageInput"_s);
    input->setPlainText(u"我想听晴天"_s);
    m_window->sendMessage();
    // Stopped once a step is under way.
    QTRY_VERIFY_WITH_TIMEOUT(model()->currentPlanRow() >= 0
            && model()->item(model()->currentPlanRow()).steps.size() == 3
            && model()->item(model()->currentPlanRow()).steps.at(0).state != StepState::Pending,
        5000);
    const int planRow = model()->currentPlanRow();
    QTest::keyClick(input, Qt::Key_Escape);
    QTRY_COMPARE(m_client->state(), ChatClient::State::Idle);
    QTRY_COMPARE(m_server->activeRunCount(), 0);

    const ChatItem &plan = model()->item(planRow);
    QCOMPARE(plan.end, RunEnd::Stopped);
    for (const PlanStep &step : plan.steps)
        QVERIFY(step.state != StepState::Running);
    QVERIFY2(PlanCardPainter::status(plan.steps, plan.end).startsWith(u"Stopped · "_s),
        qPrintable(PlanCardPainter::status(plan.steps, plan.end)));
    // Esc with nothing running does nothing.
    const int rows = model()->rowCount();
    QTest::keyClick(input, Qt::Key_Escape);
    QCOMPARE(model()->rowCount(), rows);
}

void TestWindowKeys::ctrlCommaOpensSettings()
{
    QVERIFY(!m_window->findChild<SettingsDialog *>());
    QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
    QTRY_VERIFY(m_window->findChild<SettingsDialog *>());
    QVERIFY(m_window->findChild<SettingsDialog *>()->isVisible());
    m_window->findChild<SettingsDialog *>()->reject();
}

void TestWindowKeys::ctrlBTogglesTheSidebar()
{
    QVERIFY(m_window->sidebar()->isVisible());
    m_window->sidebar()->listView()->setFocus();
    QTest::keyClick(m_window.get(), Qt::Key_B, Qt::ControlModifier);
    QVERIFY(!m_window->sidebar()->isVisible());
    // The keyboard goes on in the chat, not in the hidden list.
    QTRY_VERIFY(m_window->findChild<MessageInput *>(u"messageInput"_s)->hasFocus());
    QTest::keyClick(m_window.get(), Qt::Key_B, Qt::ControlModifier);
    QVERIFY(m_window->sidebar()->isVisible());
}

void TestWindowKeys::longTitleIsElidedInTheSidebar()
{
    // The first conversation of a fresh profile, titled by a long first message.
    auto *input = m_window->findChild<MessageInput *>(u"messageInput"_s);
    input->setPlainText(u"Please tell me everything about the history of the song 晴天 and "
                        "its composer, with the years and the albums"_s);
    m_window->sendMessage();
    QListView *list = m_window->sidebar()->listView();
    QTRY_COMPARE(list->model()->rowCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ChatClient::State::Idle, 10000);
    QCoreApplication::processEvents();

    const QModelIndex title = list->model()->index(0, 0);
    QVERIFY(list->fontMetrics().horizontalAdvance(title.data().toString())
        > list->viewport()->width()); // too long to fit: it must be elided
    QVERIFY2(!list->horizontalScrollBar()->isVisible(),
        qPrintable(QString::number(list->horizontalScrollBar()->maximum())));
    QCOMPARE(list->horizontalScrollBar()->maximum(), 0);
    QVERIFY2(list->visualRect(title).right() <= list->viewport()->width(),
        qPrintable(u"row %1 px wide in %2"_s.arg(list->visualRect(title).width())
                       .arg(list->viewport()->width())));
}

void TestWindowKeys::settingsShowTheAgentInUseAndKeepTheirSize()
{
    // As `rill --agent openai --llm-url …` starts it, with nothing stored.
    AgentSettings inUse;
    inUse.kind = AgentSettings::Kind::OpenAi;
    inUse.llmUrl = QUrl(u"http://127.0.0.1:8080/"_s);
    inUse.model = u"qwen"_s;
    m_window->setAgentInUse(inUse);
    m_window->openSettings();
    auto *dialog = m_window->findChild<SettingsDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    auto *kind = dialog->findChild<QComboBox *>(u"agentKindCombo"_s);
    auto *llmUrl = dialog->findChild<QLineEdit *>(u"llmUrlEdit"_s);
    QVERIFY(kind && llmUrl);
    QCOMPARE(AgentSettings::Kind(kind->currentData().toInt()), AgentSettings::Kind::OpenAi);
    QCOMPARE(llmUrl->text(), u"http://127.0.0.1:8080/"_s);
    QCOMPARE(dialog->agentSettings(), inUse);

    // Switching agents (a problem line appears for the empty command) moves nothing.
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    const QSize size = dialog->size();
    const QPoint okAt = ok->mapTo(dialog, QPoint());
    for (const auto other :
        { AgentSettings::Kind::Process, AgentSettings::Kind::Demo, AgentSettings::Kind::OpenAi }) {
        kind->setCurrentIndex(kind->findData(int(other)));
        QCoreApplication::processEvents();
        QCOMPARE(dialog->size(), size);
        QCOMPARE(ok->mapTo(dialog, QPoint()), okAt);
    }
    // Unchanged: OK does not restart the agent.
    QSignalSpy changed(m_window.get(), &MainWindow::agentSettingsChanged);
    dialog->accept();
    QCOMPARE(changed.size(), 0);
    QSettings().clear();
}

QTEST_MAIN(TestWindowKeys)
#include "tst_windowkeys.moc"
