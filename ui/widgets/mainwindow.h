#pragma once

#include "ui/net/chatclient.h"
#include "ui/widgets/agentsettings.h"
#include "ui/widgets/connectionsettings.h"

#include <QMainWindow>
#include <QUrl>

#include <optional>

class QAction;
class QLabel;
class QPushButton;
class QSplitter;

namespace rill {

class ChatModel;
class ChatView;
class ConversationKeeper;
class ConversationSidebar;
class ConversationStore;
class FindBar;
class MessageActions;
class MessageInput;
class RunNotice;

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
    std::optional<AgentSettings> agentInUse() const { return m_agentInUse; }

    // Points the client at the server the settings name.
    void applySettings(const ConnectionSettings &settings);

    ChatModel *model() const { return m_model; }
    ConversationKeeper *conversations() const { return m_keeper; }
    ConversationSidebar *sidebar() const { return m_sidebar; }
    MessageActions *messageActions() const { return m_actions; }
    FindBar *findBar() const { return m_findBar; }

signals:
    // The user changed the agent in the settings (the embedded server's business).
    void agentSettingsChanged(const rill::AgentSettings &settings);

public slots:
    void sendMessage();
    void newChat();
    void openSettings();
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

    ChatClient *m_client;
    ChatModel *m_model;
    ChatView *m_view = nullptr;
    MessageInput *m_input = nullptr;
    QPushButton *m_sendButton = nullptr;
    RunNotice *m_notice = nullptr;
    FindBar *m_findBar = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_serverLabel = nullptr;
    QAction *m_newChatAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_sidebarAction = nullptr;
    ConversationKeeper *m_keeper = nullptr;
    MessageActions *m_actions = nullptr;
    ConversationSidebar *m_sidebar = nullptr;
    QSplitter *m_splitter = nullptr;
    QUrl m_embeddedUrl;
    QString m_embeddedToken;
    std::optional<AgentSettings> m_agentInUse;
};

} // namespace rill
