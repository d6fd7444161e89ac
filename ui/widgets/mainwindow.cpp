#include "ui/widgets/mainwindow.h"

#include "server/agent/mcp/mcpserverset.h"
#include "ui/store/conversationlistmodel.h"
#include "ui/store/conversationstore.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatstyle.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/conversationbar.h"
#include "ui/widgets/conversationkeeper.h"
#include "ui/widgets/conversationsidebar.h"
#include "ui/widgets/conversationtransfer.h"
#include "ui/widgets/findbar.h"
#include "ui/widgets/messageactionbar.h"
#include "ui/widgets/messageactions.h"
#include "ui/widgets/messageinput.h"
#include "ui/widgets/runnotice.h"
#include "ui/widgets/settingsdialog.h"
#include "ui/widgets/streaminspector.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace rill {

namespace {

QString stateText(ChatClient::State state)
{
    switch (state) {
    case ChatClient::State::Idle:
        return MainWindow::tr("Idle");
    case ChatClient::State::Connecting:
        return MainWindow::tr("Connecting");
    case ChatClient::State::Streaming:
        return MainWindow::tr("Streaming");
    case ChatClient::State::Reconnecting:
        return MainWindow::tr("Reconnecting");
    }
    return {};
}

} // namespace

MainWindow::MainWindow(ChatClient *client, QWidget *parent)
    : MainWindow(client, nullptr, parent)
{ }

MainWindow::MainWindow(ChatClient *client, ConversationStore *store, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_model(new ChatModel(this))
{
    Q_ASSERT(client);
    setWindowTitle(tr("Rill"));
    createActions();
    createCentralWidget();
    StreamInspectorDock::install(this, client);
    connectClient();
    // After connectClient(): a finished turn is saved once the model has ended it.
    m_keeper = new ConversationKeeper(
        store ? store : new ConversationStore(QString(), this), m_model, client, this);
    createMessageActions();
    m_bar = new ConversationBar(m_keeper, client, this);
    m_bar->setObjectName(QStringLiteral("conversationBar"));
    connect(m_bar, &ConversationBar::settingsRequested, this,
        [this] { openSettings()->showModelPage(); });
    qobject_cast<QBoxLayout *>(centralWidget()->layout())->insertWidget(0, m_bar);
    setCentralWidget(withSidebar(takeCentralWidget()));
    createSearchActions();
    // Last: it takes the drops of every text field made above.
    m_transfer = ConversationTransfer::install(this, m_keeper, m_model);
    reportStoreProblems();
    updateServerLabel();
    updateForState();
    // Never larger than the screen's free area: with a large scale factor the
    // input box would open off screen.
    resize(QSize(980, 640).boundedTo(screen()->availableGeometry().size()));
    m_input->setFocus();
}

void MainWindow::setEmbeddedServer(const QUrl &url, const QString &token)
{
    m_embeddedUrl = url;
    m_embeddedToken = token;
}

void MainWindow::applySettings(const ConnectionSettings &settings)
{
    const bool remote = settings.mode == ConnectionSettings::Mode::Remote;
    const QUrl url = remote ? settings.url : m_embeddedUrl;
    const QString token = remote ? settings.token : m_embeddedToken;
    if (url.isEmpty())
        return; // no embedded server in this process: stay where we are
    if (url != m_client->serverUrl()) {
        // A session belongs to the server that started it.
        m_client->startNewSession();
        m_client->setServerUrl(url);
    }
    m_client->setToken(token);
    updateServerLabel();
    updateConversationBar();
}

void MainWindow::updateConversationBar()
{
    const bool embedded = !m_embeddedUrl.isEmpty() && m_client->serverUrl() == m_embeddedUrl;
    m_bar->setModelSource(ModelSource::find(embedded, m_agentInUse));
    m_bar->serverChanged();
}

void MainWindow::createActions()
{
    m_newChatAction
        = new QAction(QIcon::fromTheme(QStringLiteral("document-new")), tr("&New Chat"), this);
    m_newChatAction->setObjectName(QStringLiteral("newChatAction"));
    m_newChatAction->setShortcut(QKeySequence::New);
    m_newChatAction->setStatusTip(tr("Start a new conversation"));
    connect(m_newChatAction, &QAction::triggered, this, &MainWindow::newChat);

    auto *settings = new QAction(
        QIcon::fromTheme(QStringLiteral("preferences-system")), tr("&Settings…"), this);
    settings->setObjectName(QStringLiteral("settingsAction"));
    // QKeySequence::Preferences is empty outside macOS; Ctrl+, is what other
    // desktop programs use there.
    QList<QKeySequence> settingsKeys = QKeySequence::keyBindings(QKeySequence::Preferences);
    if (!settingsKeys.contains(QKeySequence(Qt::CTRL | Qt::Key_Comma)))
        settingsKeys.append(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    settings->setShortcuts(settingsKeys);
    settings->setMenuRole(QAction::PreferencesRole);
    connect(settings, &QAction::triggered, this, &MainWindow::openSettings);

    auto *quit
        = new QAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, qApp, &QApplication::closeAllWindows);

    m_stopAction = new QAction(tr("S&top Answer"), this);
    m_stopAction->setObjectName(QStringLiteral("stopAction"));
    m_stopAction->setShortcut(Qt::Key_Escape);
    m_stopAction->setEnabled(false);
    connect(m_stopAction, &QAction::triggered, this, [this] { stopAnswer(); });

    m_sidebarAction = new QAction(tr("Show &Sidebar"), this);
    m_sidebarAction->setObjectName(QStringLiteral("toggleSidebarAction"));
    m_sidebarAction->setCheckable(true);
    m_sidebarAction->setChecked(true);
    m_sidebarAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    connect(m_sidebarAction, &QAction::toggled, this, &MainWindow::setSidebarShown);

    // A model's thinking block collapses once its answer starts, unless this is on.
    auto *keepThinking = new QAction(tr("&Keep Thinking Open"), this);
    keepThinking->setObjectName(QStringLiteral("keepThinkingOpenAction"));
    keepThinking->setCheckable(true);
    keepThinking->setChecked(QSettings().value(QStringLiteral("chat/keepThinkingOpen")).toBool());
    m_model->setKeepThinkingOpen(keepThinking->isChecked());
    connect(keepThinking, &QAction::toggled, this, [this](bool keep) {
        QSettings().setValue(QStringLiteral("chat/keepThinkingOpen"), keep);
        m_model->setKeepThinkingOpen(keep);
    });

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newChatAction);
    file->addSeparator();
    file->addAction(settings);
    file->addSeparator();
    file->addAction(quit);
    QMenu *chat = menuBar()->addMenu(tr("&Chat"));
    chat->setObjectName(QStringLiteral("chatMenu"));
    chat->addAction(m_stopAction);
    chat->addAction(m_sidebarAction);
    chat->addAction(keepThinking);

    QToolBar *toolBar = addToolBar(tr("Chat"));
    toolBar->setObjectName(QStringLiteral("chatToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(m_newChatAction);
}

void MainWindow::createCentralWidget()
{
    auto *central = new QWidget(this);
    m_view = new ChatView(central);
    m_view->setObjectName(QStringLiteral("chatView"));
    m_view->setModel(m_model);
    // A thinking block opens and closes on a click.
    connect(m_view, &QAbstractItemView::clicked, m_model,
        [model = m_model](const QModelIndex &index) { model->toggleThinking(index.row()); });
    // Right after the window is first shown rather than before it: the
    // fonts take tens of milliseconds, and the first plan must not.
    QTimer::singleShot(0, m_view, [view = m_view] { preloadFallbackFonts(view->font()); });

    m_input = new MessageInput(central);
    m_input->setObjectName(QStringLiteral("messageInput"));
    m_input->setPlaceholderText(tr("Write a message. Enter sends, Shift+Enter starts a new line."));
    connect(m_input, &MessageInput::sendRequested, this, &MainWindow::sendMessage);

    m_sendButton = new QPushButton(central);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_sendButton->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding);
    connect(m_sendButton, &QPushButton::clicked, this, &MainWindow::onSendButton);
    connect(m_input, &QPlainTextEdit::textChanged, this, &MainWindow::updateForState);

    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input);
    inputRow->addWidget(m_sendButton);

    m_notice = new RunNotice(m_client, central);
    m_notice->setObjectName(QStringLiteral("runNotice"));
    connect(m_notice, &RunNotice::retryRequested, this, &MainWindow::retry);

    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 8);
    layout->addWidget(m_view, 1);
    m_findBar = new FindBar(m_view, central);
    m_findBar->setObjectName(QStringLiteral("findBar"));
    layout->addWidget(m_findBar);
    layout->addWidget(m_notice);
    auto *inputMargins = new QVBoxLayout;
    inputMargins->setContentsMargins(8, 0, 8, 0);
    inputMargins->addLayout(inputRow);
    layout->addLayout(inputMargins);
    setCentralWidget(central);

    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("connectionStateLabel"));
    m_serverLabel = new QLabel(this);
    m_serverLabel->setObjectName(QStringLiteral("serverUrlLabel"));
    m_serverLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_serverLabel, 1);
    statusBar()->addPermanentWidget(m_stateLabel);
}

void MainWindow::createMessageActions()
{
    m_actions = new MessageActions(m_view, m_model, m_keeper, m_client, m_input, this);
    QMenu *menu = new QMenu(tr("&Message"), this);
    menu->setObjectName(QStringLiteral("messageMenu"));
    // Before Help, after Chat: the menus of the window, then of one message.
    menuBar()->addMenu(menu);
    for (QAction *action : m_actions->actions()) {
        if (action->objectName() == QLatin1String("deleteTurnAction"))
            menu->addSeparator();
        menu->addAction(action);
        addAction(action); // the shortcuts work with the menu closed
    }
    new MessageActionBar(m_view, m_actions);
    connect(m_actions, &MessageActions::editingChanged, this, [this](bool editing) {
        if (editing)
            statusBar()->showMessage(tr("Editing a question: Enter sends it again, the answers "
                                        "it had stay as the previous version."));
        else
            statusBar()->clearMessage();
    });
}

void MainWindow::connectClient()
{
    connect(
        m_client, &ChatClient::assistantMessageReceived, m_model, &ChatModel::addAssistantMessage);
    connect(m_client, &ChatClient::deltaReceived, m_model, &ChatModel::appendAssistantDelta);
    connect(m_client, &ChatClient::reasoningReceived, m_model, &ChatModel::appendReasoning);
    connect(m_client, &ChatClient::answerStatsReceived, m_model, &ChatModel::setAnswerStats);
    connect(m_client, &ChatClient::planningStepReceived, m_model, &ChatModel::setPlanStep);
    connect(m_client, &ChatClient::stepStateChanged, m_model, &ChatModel::setStepState);
    connect(m_client, &ChatClient::stepToolReceived, m_model, &ChatModel::setStepTool);
    connect(m_client, &ChatClient::approvalRequested, m_model, &ChatModel::setStepApproval);
    connect(m_view, &ChatView::stepToggled, m_model, &ChatModel::toggleStepDetail);
    connect(m_view, &ChatView::approvalChosen, this,
        [this](int row, int step, const QString &decision) {
            const PlanSteps &steps = m_model->item(row).steps;
            if (step >= 1 && step <= steps.size() && !steps.at(step - 1).approvalCallId.isEmpty())
                m_client->answerApproval(steps.at(step - 1).approvalCallId, decision);
        });
    connect(m_client, &ChatClient::approvalAnswerFailed, this,
        [this](const QString &reason) { statusBar()->showMessage(reason); });
    connect(m_client, &ChatClient::errorOccurred, m_model, &ChatModel::addError);
    connect(m_client, &ChatClient::streamFinished, m_model, &ChatModel::endRun);
    connect(m_client, &ChatClient::stateChanged, this, &MainWindow::updateForState);
}

void MainWindow::sendMessage()
{
    // The user may write while an answer streams in; only sending waits.
    const QString text = m_input->toPlainText().trimmed();
    if (text.isEmpty() || m_client->isBusy())
        return;
    m_input->clear();
    if (m_actions->isEditing())
        m_actions->resendEdited(text);
    else
        m_keeper->sendTurn(text);
}

void MainWindow::onSendButton()
{
    if (m_client->isBusy())
        stopAnswer();
    else
        sendMessage();
    m_input->setFocus();
}

void MainWindow::retry()
{
    if (m_client->isBusy() || !m_client->canRetry())
        return;
    m_model->startTurn();
    m_client->retry();
    m_input->setFocus();
}

void MainWindow::stopAnswer()
{
    if (!m_client->isBusy())
        return;
    m_model->markStopped();
    m_client->stop();
}

void MainWindow::setSidebarShown(bool shown)
{
    m_sidebar->setVisible(shown);
    m_sidebarAction->setChecked(shown);
    // The chat keeps the keyboard when the list it was in goes away.
    if (!shown && m_sidebar->isAncestorOf(QApplication::focusWidget()))
        m_input->setFocus();
}

void MainWindow::newChat()
{
    m_keeper->startNew(); // stops a stream still running into the old chat
    m_input->setFocus();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_client->isBusy())
        m_model->markStopped();
    m_client->stop(); // a run cut short is kept as far as it got
    m_keeper->saveCurrent();
    QMainWindow::closeEvent(event);
}

void MainWindow::setTools(McpServerSet *tools)
{
    m_tools = tools;
}

SettingsDialog *MainWindow::openSettings()
{
    auto *dialog = new SettingsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setEmbeddedAvailable(!m_embeddedUrl.isEmpty());
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        applySettings(dialog->settings()); // tells the bar of a new agent or LLM server too
        m_bar->settingsChanged();
    });
    if (m_agentInUse)
        dialog->showAgentInUse(*m_agentInUse);
    dialog->setTools(m_tools);
    connect(
        dialog, &SettingsDialog::agentSettingsChanged, this, [this](const AgentSettings &settings) {
            m_agentInUse = settings;
            emit agentSettingsChanged(settings);
        });
    dialog->open();
    return dialog;
}

void MainWindow::updateForState()
{
    const ChatClient::State state = m_client->state();
    const bool busy = state != ChatClient::State::Idle;
    m_stateLabel->setText(stateText(state));
    m_sendButton->setText(busy ? tr("Stop") : tr("Send"));
    m_sendButton->setToolTip(busy ? tr("Stop the answer") : tr("Send the message (Enter)"));
    m_sendButton->setEnabled(busy || !m_input->toPlainText().trimmed().isEmpty());
    m_stopAction->setEnabled(busy);
}

void MainWindow::updateServerLabel()
{
    const QUrl url = m_client->serverUrl();
    m_serverLabel->setText(
        url.isEmpty() ? tr("No server") : tr("Server: %1").arg(url.toDisplayString()));
}

} // namespace rill
