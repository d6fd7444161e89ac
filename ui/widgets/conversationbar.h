#pragma once

#include "server/protocol/chatoptions.h"
#include "ui/widgets/modelsource.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

namespace rill {

class ChatClient;
class ConversationKeeper;
class ModelList;
class ServerHealth;

// The strip above the chat: the model this conversation uses, which it may
// change for itself alone (picked from the LLM server's list or typed; empty
// follows Settings ▸ Model), its own system prompt, a button back to the
// settings' choices, and, when the server ignores what clients ask for
// (--lock-options, told by /health), a line saying so. The choices live in the
// ConversationKeeper, which keeps them in the conversation's file.
class ConversationBar : public QWidget
{
    Q_OBJECT
public:
    ConversationBar(ConversationKeeper *keeper, ChatClient *client, QWidget *parent = nullptr);

    // Where the models are listed; asks for them at once.
    void setModelSource(const ModelSource &source);
    // The client now talks to another server, or the settings changed.
    void serverChanged();
    void settingsChanged() { showOverrides(); }

    // The model the next run asks for, in words ("qwen3:8b", "the server's default").
    QString modelInUse() const;

signals:
    void settingsRequested();

private:
    void showOverrides();
    void applyModel();
    void editSystemPrompt();
    void showLocked(bool locked);

    ConversationKeeper *m_keeper;
    ChatClient *m_client;
    ModelList *m_list;
    ServerHealth *m_health;
    ModelSource m_source;
    QComboBox *m_model;
    QPushButton *m_system;
    QPushButton *m_reset;
    QLabel *m_locked;
};

} // namespace rill
