#pragma once

#include "server/protocol/chatoptions.h"

#include <QJsonArray>
#include <QObject>

namespace rill {

class ChatClient;
class ChatModel;
class ConversationStore;

// Keeps the chat on screen in the store: which conversation it is, saving it
// after each turn (never per token), opening another one exactly as it was,
// starting a new one, deleting. Switching conversations ends a run still
// going, as a new chat always did.
class ConversationKeeper : public QObject
{
    Q_OBJECT
public:
    ConversationKeeper(
        ConversationStore *store, ChatModel *model, ChatClient *client, QObject *parent = nullptr);

    ConversationStore *store() const { return m_store; }
    // The conversation shown; empty for a new one not saved yet.
    QString currentId() const { return m_currentId; }

    // The turns so far, as much as fits beside `message` in one request.
    QJsonArray historyFor(const QString &message) const;

    // Starts a turn: the message on screen, the conversation listed under its
    // title, the request sent with the turns shown so far.
    void sendTurn(const QString &message);
    // What this conversation asks of the model over Settings ▸ Model: its own
    // model and system prompt (the bar above the chat), kept in its file.
    ChatOptions overrides() const { return m_overrides; }
    void setOverrides(const ChatOptions &overrides);
    // What the next run asks for: the settings with this conversation's choices.
    ChatOptions requestOptions() const;

    // The rows on screen no longer follow the server's record of the session
    // (a turn was regenerated, edited, switched or deleted): the next turn
    // starts a new session from the history shown, and the conversation is
    // saved without the old session, which other clients may still be using.
    void forgetSession();

public slots:
    // Writes the conversation on screen if it changed since it was last saved.
    void saveCurrent();
    void startNew();
    bool open(const QString &id);
    bool remove(const QString &id);

signals:
    void currentChanged(const QString &id);
    // Another conversation is shown, or the bar changed this one's choices.
    void overridesChanged(const rill::ChatOptions &overrides);
    // Something could not be read or written, readable as is.
    void problemOccurred(const QString &message);

private:
    void showNew();
    void reportSaveFailure(const QString &error);

    ConversationStore *m_store;
    ChatModel *m_model;
    ChatClient *m_client;
    QString m_currentId;
    ChatOptions m_overrides;
    bool m_dirty = false;
    bool m_saving = false;
    bool m_sessionForgotten = false;
};

} // namespace rill
