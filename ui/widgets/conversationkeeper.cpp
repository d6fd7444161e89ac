#include "ui/widgets/conversationkeeper.h"

#include "ui/net/chatclient.h"
#include "ui/net/modeldefaults.h"
#include "ui/store/conversationstore.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatmodeljson.h"

#include <QJsonDocument>
#include <QScopedValueRollback>
#include <QSettings>

namespace rill {

namespace {

// Must stay within what POST /chat accepts (ChatRequestLimits): a 64 KiB
// body, 48 Ki characters of history, 200 turns.
constexpr qsizetype kMaxBodyBytes = 60 * 1024;
constexpr qsizetype kMaxHistoryBytes = 48 * 1024;
constexpr qsizetype kMaxHistoryTurns = 200;

} // namespace

ConversationKeeper::ConversationKeeper(
    ConversationStore *store, ChatModel *model, ChatClient *client, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_model(model)
    , m_client(client)
{
    const auto changed = [this] { m_dirty = true; };
    connect(model, &ChatModel::rowsInserted, this, changed);
    connect(model, &ChatModel::dataChanged, this, changed);
    connect(model, &ChatModel::rowsRemoved, this, changed);
    // A turn is over: the moment to keep it (the model has ended the run first,
    // as it connected to the client before this).
    connect(client, &ChatClient::streamFinished, this, &ConversationKeeper::saveCurrent);
    connect(store, &ConversationStore::saveFailed, this,
        [this](const QString &id, const QString &error) {
            if (id == m_currentId)
                m_dirty = true; // tried again after the next turn
            reportSaveFailure(error);
        });
}

QJsonArray ConversationKeeper::historyFor(const QString &message) const
{
    // The options share the body with the history: a long system prompt leaves less room.
    const qsizetype options
        = QJsonDocument(requestOptions().toJson()).toJson(QJsonDocument::Compact).size();
    const qsizetype room = kMaxBodyBytes - message.toUtf8().size() - options - 256;
    return chatHistoryJson(m_model->items(), std::min(room, kMaxHistoryBytes), kMaxHistoryTurns);
}

void ConversationKeeper::sendTurn(const QString &message)
{
    const QJsonArray history = historyFor(message);
    m_model->addUserMessage(message);
    saveCurrent(); // listed at once, under its title
    m_client->send(message, history, requestOptions());
}

void ConversationKeeper::setOverrides(const ChatOptions &overrides)
{
    if (overrides == m_overrides)
        return;
    m_overrides = overrides;
    m_dirty = true;
    saveCurrent(); // a conversation not saved yet keeps them until its first turn
    emit overridesChanged(m_overrides);
}

ChatOptions ConversationKeeper::requestOptions() const
{
    return ModelDefaults::forRequest(ModelDefaults::load(QSettings()), m_overrides);
}

void ConversationKeeper::forgetSession()
{
    m_client->startNewSession();
    m_sessionForgotten = true;
    m_dirty = true;
}

void ConversationKeeper::saveCurrent()
{
    if (!m_dirty || m_model->rowCount() == 0 || m_saving)
        return;
    QScopedValueRollback guard(m_saving, true);
    ConversationHeader header;
    if (const auto stored = m_store->header(m_currentId))
        header = *stored;
    if (header.title.isEmpty()) {
        for (const ChatItem &item : m_model->items()) {
            if (item.kind == ChatItem::Kind::User) {
                header.title = ConversationStore::titleFrom(item.text);
                break;
            }
        }
    }
    if (!m_client->sessionId().isEmpty() || std::exchange(m_sessionForgotten, false))
        header.sessionId = m_client->sessionId();
    header.options = m_overrides.toJson();
    // Encoded and written on the store's thread: a long conversation takes
    // milliseconds to encode, which the window must not stall for. The copy of
    // the rows is shared, not deep, until the model changes them.
    QString error;
    const auto saved = m_store->saveInBackground(
        header, [items = m_model->items()] { return chatItemsToJson(items); }, &error);
    if (!saved) {
        reportSaveFailure(error);
        return;
    }
    m_dirty = false;
    if (m_currentId != saved->id) {
        m_currentId = saved->id;
        emit currentChanged(m_currentId);
    }
}

void ConversationKeeper::reportSaveFailure(const QString &error)
{
    emit problemOccurred(tr("The conversation could not be saved: %1").arg(error));
}

void ConversationKeeper::startNew()
{
    m_client->startNewSession(); // ends a run still going; its end is saved
    saveCurrent();
    showNew();
}

bool ConversationKeeper::open(const QString &id)
{
    if (id == m_currentId || m_saving)
        return true;
    QString error;
    const auto conversation = m_store->load(id, &error);
    const auto items = conversation ? chatItemsFromJson(conversation->items, &error) : std::nullopt;
    if (!items) {
        const auto header = m_store->header(id);
        emit problemOccurred(tr("The conversation “%1” cannot be opened: %2")
                                 .arg(header ? header->title : id, error));
        return false;
    }
    m_client->startNewSession();
    saveCurrent();
    m_sessionForgotten = false;
    m_model->setItems(*items);
    // The same session goes on; a server that lost it gets the history instead.
    m_client->setSessionId(conversation->header.sessionId);
    m_currentId = id;
    m_dirty = false;
    // Read by the wire's rules: a file edited by hand must not make every send a 400.
    const auto overrides = ChatOptions::fromJson(conversation->header.options);
    m_overrides = std::holds_alternative<ChatOptions>(overrides) ? std::get<ChatOptions>(overrides)
                                                                 : ChatOptions {};
    emit currentChanged(m_currentId);
    emit overridesChanged(m_overrides);
    return true;
}

bool ConversationKeeper::remove(const QString &id)
{
    if (id == m_currentId) {
        m_client->startNewSession();
        showNew();
    }
    QString error;
    if (!m_store->remove(id, &error)) {
        emit problemOccurred(tr("The conversation could not be deleted: %1").arg(error));
        return false;
    }
    return true;
}

void ConversationKeeper::showNew()
{
    m_sessionForgotten = false;
    m_model->clear();
    m_dirty = false;
    if (!m_overrides.isEmpty()) {
        m_overrides = {}; // a new conversation follows the settings
        emit overridesChanged(m_overrides);
    }
    if (!m_currentId.isEmpty()) {
        m_currentId.clear();
        emit currentChanged(m_currentId);
    }
}

} // namespace rill
