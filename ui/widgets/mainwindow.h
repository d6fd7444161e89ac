#pragma once

#include "ui/net/chatclient.h"
#include "ui/widgets/agentsettings.h"
#include "ui/widgets/connectionsettings.h"

#include <QMainWindow>
#include <QUrl>

class QAction;
class QLabel;
class QPushButton;

namespace rill {

class ChatModel;
class ChatView;
class MessageInput;

// The chat window: the conversation, an input box and a Send/Stop button,
// menus for a new chat, the settings and quitting, and a status bar with the
// server and the connection's state. It shows what the client reports and
// asks the client to act; it holds no conversation state of its own.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ChatClient *client, QWidget *parent = nullptr);

    // The URL of the server running inside this process, used when the user
    // switches the settings back to the embedded server.
    void setEmbeddedServerUrl(const QUrl &url);
    QUrl embeddedServerUrl() const { return m_embeddedUrl; }

    // Points the client at the server the settings name.
    void applySettings(const ConnectionSettings &settings);

    ChatModel *model() const { return m_model; }

signals:
    // The user changed the agent in the settings (the embedded server's business).
    void agentSettingsChanged(const rill::AgentSettings &settings);

public slots:
    void sendMessage();
    void newChat();
    void openSettings();

private:
    void createActions();
    void createCentralWidget();
    void connectClient();
    void onSendButton();
    void updateForState();
    void updateServerLabel();

    ChatClient *m_client;
    ChatModel *m_model;
    ChatView *m_view = nullptr;
    MessageInput *m_input = nullptr;
    QPushButton *m_sendButton = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_serverLabel = nullptr;
    QAction *m_newChatAction = nullptr;
    QUrl m_embeddedUrl;
};

} // namespace rill
