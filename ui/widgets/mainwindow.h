#pragma once

#include "ui/net/chatclient.h"
#include "ui/widgets/agentsettings.h"
#include "ui/widgets/connectionsettings.h"

#include <QMainWindow>
#include <QPointer>
#include <QUrl>

#include <optional>

class QAction;
class QLabel;
class QPushButton;
class QSplitter;

namespace rill {

class ChatModel;
class ChatView;
class ConversationBar;
class ConversationKeeper;
class ConversationSidebar;
class ConversationStore;
class ConversationTransfer;
class FindBar;
class McpServerSet;
class MessageActions;
class MessageInput;
class RunNotice;
class SettingsDialog;

// The chat window: the conversation, an input box and a Send/Stop button,
// menus for a new chat, the settings and quitting, and a status bar with the
// server and the connection's state. It shows what the client reports and
// asks the client to act; it holds no conversation state of its own.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Without a store, conversations are kept in memory only.
    explicit MainWindow(ChatClient *client, QWidget *parent = nullptr);
    MainWindow(ChatClient *client, ConversationStore *store, QWidget *parent = nullptr);

    // The server running inside this process, used when the user switches the
    // settings back to the embedded server: its URL and the token it was given
    // (random per launch; empty for none).
    void setEmbeddedServer(const QUrl &url, const QString &token = {});
    QUrl embeddedServerUrl() const { return m_embeddedUrl; }

    // The agent the embedded server runs, from the command line or the stored
    // settings: what Settings shows until the user changes it.
    void setAgentInUse(const AgentSettings &settings) { m_agentInUse = settings; }
    // The embedded server's MCP servers, for Settings ▸ Tools.
    void setTools(McpServerSet *tools);
    std::optional<AgentSettings> agentInUse() const { return m_agentInUse; }

    // Points the client at the server the settings name.
    void applySettings(const ConnectionSettings &settings);

    // The strip above the chat: this conversation's model and system prompt.
    ConversationBar *conversationBar() const { return m_bar; }

    ChatModel *model() const { return m_model; }
    ConversationKeeper *conversations() const { return m_keeper; }
    ConversationSidebar *sidebar() const { return m_sidebar; }
    MessageActions *messageActions() const { return m_actions; }
    FindBar *findBar() const { return m_findBar; }
    // Conversation ▸ Export as Markdown/JSON, Import, and files dropped on the window.
    ConversationTransfer *transfer() const { return m_transfer; }

signals:
    // The user changed the agent in the settings (the embedded server's business).
    void agentSettingsChanged(const rill::AgentSettings &settings);

public slots:
    void sendMessage();
    void newChat();
    // File ▸ Settings… (open, not modal); the bar's Settings… opens it on its Model page.
    SettingsDialog *openSettings();
    // Sends the failed message again (the notice's Retry).
    void retry();
    // Stops the answer being written, marking it stopped (Esc).
    void stopAnswer();
    // Shows or hides the list of conversations (Ctrl+B).
    void setSidebarShown(bool shown);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    // The sidebar of kept conversations, beside `chat`, in a splitter.
    QWidget *withSidebar(QWidget *chat);
    void reportStoreProblems();
    void createCentralWidget();
    // Copy, regenerate, edit, versions, delete: a Message menu, the chat's
    // context menu and the bar over the message under the mouse.
    void createMessageActions();
    // Ctrl+K searches the kept conversations, Ctrl+F the one shown.
    void createSearchActions();
    void connectClient();
    void onSendButton();
    void updateForState();
    void updateServerLabel();
    // Tells the bar where the models are listed and which server it talks to.
    void updateConversationBar();

    ChatClient *m_client;
    ChatModel *m_model;
    ChatView *m_view = nullptr;
    MessageInput *m_input = nullptr;
    QPushButton *m_sendButton = nullptr;
    RunNotice *m_notice = nullptr;
    FindBar *m_findBar = nullptr;
    ConversationBar *m_bar = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_serverLabel = nullptr;
    QAction *m_newChatAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_sidebarAction = nullptr;
    ConversationKeeper *m_keeper = nullptr;
    MessageActions *m_actions = nullptr;
    ConversationSidebar *m_sidebar = nullptr;
    ConversationTransfer *m_transfer = nullptr;
    QSplitter *m_splitter = nullptr;
    QUrl m_embeddedUrl;
    QString m_embeddedToken;
    std::optional<AgentSettings> m_agentInUse;
    QPointer<McpServerSet> m_tools;
};

} // namespace rill
