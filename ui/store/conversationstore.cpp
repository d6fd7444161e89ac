#include "ui/store/conversationstore.h"

#include "ui/store/conversationfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

Q_LOGGING_CATEGORY(lcStore, "rill.store")

namespace rill {

namespace {

constexpr qsizetype kMaxTitleChars = 60;
constexpr qsizetype kMaxStoredTitleChars = 200;

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace

ConversationStore::ConversationStore(const QString &directory, QObject *parent)
    : QObject(parent)
    , m_directory(directory)
{
    if (!m_directory.isEmpty())
        QDir().mkpath(m_directory);
    m_index = std::make_unique<SearchIndex>(
        m_directory.isEmpty() ? QString() : QDir(m_directory).filePath(indexFileName()));
    connect(&m_writer, &BackgroundWriter::jobFailed, this, &ConversationStore::saveFailed);
    reload();
}

ConversationStore::~ConversationStore()
{
    m_writer.waitForIdle();
}

QString ConversationStore::defaultDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("conversations"));
}

void ConversationStore::reload()
{
    m_writer.waitForIdle();
    m_headers.clear();
    m_problems.clear();
    if (m_directory.isEmpty()) {
        QMutexLocker locker(&m_memoryLock);
        for (auto it = m_memory.cbegin(); it != m_memory.cend(); ++it) {
            if (auto conversation = ConversationFile::decode(it.value()))
                m_headers.insert(it.key(), conversation->header);
        }
        locker.unlock();
        emit reloaded();
        return;
    }
    const QDir dir(m_directory);
    m_index->waitForSync(); // what it holds is then final
    const QHash<QString, SearchIndex::Entry> indexed = m_index->entries();
    // QSaveFile's temporary files (left by a crash) end in a random suffix, not .json.
    // Unsorted: sorting 10 000 names took longer than listing them.
    const QFileInfoList infos
        = dir.entryInfoList({ QStringLiteral("*.json") }, QDir::Files, QDir::NoSort);
    for (const QFileInfo &info : infos) {
        const QString name = info.fileName();
        const QString id = name.chopped(5);
        // The index holds this very version of the file: no need to read it.
        const auto known = indexed.constFind(id);
        if (known != indexed.cend()
            && known->stamp
                == SearchIndex::FileStamp {
                    info.lastModified().toMSecsSinceEpoch(), info.size() }) {
            m_headers.insert(id, known->header);
            continue;
        }
        QFile file(dir.filePath(name));
        QString reason;
        std::optional<ConversationHeader> header;
        if (!ConversationFile::isValidId(id))
            reason = tr("not a name Rill gives its conversation files");
        else if (!file.open(QIODevice::ReadOnly))
            reason = file.errorString();
        else
            header = ConversationFile::readHeader(file, &reason);
        if (!header) {
            qCWarning(lcStore).noquote()
                << "skipping conversation file" << file.fileName() << ":" << reason;
            m_problems.append({ name, reason });
            continue;
        }
        // The file's name is the id: a copied file must not shadow another one.
        header->id = id;
        m_headers.insert(id, *header);
    }
    m_index->syncInBackground(m_directory);
    emit reloaded();
}

std::optional<ConversationHeader> ConversationStore::header(const QString &id) const
{
    const auto it = m_headers.constFind(id);
    return it == m_headers.cend() ? std::nullopt : std::optional(*it);
}

std::optional<Conversation> ConversationStore::load(const QString &id, QString *error) const
{
    if (!m_headers.contains(id)) {
        setError(error, tr("no such conversation"));
        return std::nullopt;
    }
    QString reason;
    auto conversation = read(id, &reason);
    if (!conversation) {
        qCWarning(lcStore).noquote() << "cannot read conversation" << filePath(id) << ":" << reason;
        setError(error, reason);
        return std::nullopt;
    }
    conversation->header.id = id;
    return conversation;
}

std::optional<ConversationHeader> ConversationStore::save(Conversation conversation, QString *error)
{
    m_writer.waitForIdle(); // an older version must not land after this one
    const auto header = prepare(conversation.header, error);
    if (!header)
        return std::nullopt;
    conversation.header = *header;
    const QString failure = write(conversation);
    if (!failure.isEmpty()) {
        setError(error, failure);
        return std::nullopt;
    }
    m_headers.insert(header->id, *header);
    emit saved(header->id);
    return header;
}

std::optional<ConversationHeader> ConversationStore::saveInBackground(
    ConversationHeader header, std::function<QJsonArray()> items, QString *error)
{
    const auto prepared = prepare(std::move(header), error);
    if (!prepared)
        return std::nullopt;
    m_writer.enqueue(prepared->id, [this, header = *prepared, items = std::move(items)] {
        return write({ header, items() });
    });
    m_headers.insert(prepared->id, *prepared);
    emit saved(prepared->id);
    return prepared;
}

std::optional<ConversationHeader> ConversationStore::prepare(
    ConversationHeader header, QString *error) const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (header.id.isEmpty()) {
        header.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        header.created = now;
    } else if (!ConversationFile::isValidId(header.id)) {
        setError(error, tr("invalid conversation id"));
        return std::nullopt;
    }
    if (!header.created.isValid())
        header.created = now;
    header.updated = now;
    header.title = header.title.left(kMaxStoredTitleChars);
    return header;
}

bool ConversationStore::rename(const QString &id, const QString &title, QString *error)
{
    auto conversation = load(id, error);
    if (!conversation)
        return false;
    conversation->header.title = title.simplified().left(kMaxStoredTitleChars);
    if (conversation->header.title.isEmpty()) {
        setError(error, tr("a title cannot be empty"));
        return false;
    }
    const QString failure = write(*conversation);
    if (!failure.isEmpty()) {
        setError(error, failure);
        return false;
    }
    m_headers.insert(id, conversation->header);
    emit saved(id);
    return true;
}

bool ConversationStore::remove(const QString &id, QString *error)
{
    if (!m_headers.contains(id)) {
        setError(error, tr("no such conversation"));
        return false;
    }
    m_writer.waitForIdle(); // a write still to come would bring the file back
    if (m_directory.isEmpty()) {
        QMutexLocker locker(&m_memoryLock);
        m_memory.remove(id);
    } else {
        QFile file(filePath(id));
        if (file.exists() && !file.remove()) {
            setError(error, file.errorString());
            return false;
        }
    }
    m_index->remove(id);
    m_headers.remove(id);
    emit removed(id);
    return true;
}

QString ConversationStore::titleFrom(const QString &firstMessage)
{
    const QString line = firstMessage.trimmed().section(u'\n', 0, 0).simplified();
    if (line.size() <= kMaxTitleChars)
        return line;
    return line.left(kMaxTitleChars - 1).trimmed() + QChar(0x2026); // …
}

QString ConversationStore::filePath(const QString &id) const
{
    return QDir(m_directory).filePath(id + QStringLiteral(".json"));
}

QString ConversationStore::write(const Conversation &conversation)
{
    const QByteArray bytes = ConversationFile::encode(conversation);
    if (m_directory.isEmpty()) {
        QMutexLocker locker(&m_memoryLock);
        m_memory.insert(conversation.header.id, bytes);
        locker.unlock();
        m_index->update(conversation);
        return {};
    }
    if (!QDir().mkpath(m_directory)) {
        qCWarning(lcStore).noquote() << "cannot create the folder" << m_directory;
        return tr("cannot create the folder %1").arg(m_directory);
    }
    // All or nothing: the new version replaces the old one only once it is
    // completely on disk.
    QSaveFile file(filePath(conversation.header.id));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        qCWarning(lcStore).noquote()
            << "cannot save conversation" << file.fileName() << ":" << file.errorString();
        return file.errorString();
    }
    // After the file: the index is only ever behind the files, never ahead.
    m_index->update(conversation, SearchIndex::stampOf(file.fileName()));
    return {};
}

std::optional<Conversation> ConversationStore::read(const QString &id, QString *error) const
{
    m_writer.waitForIdle(); // the newest version
    if (m_directory.isEmpty()) {
        QMutexLocker locker(&m_memoryLock);
        const auto it = m_memory.constFind(id);
        if (it == m_memory.cend()) {
            setError(error, tr("no such conversation"));
            return std::nullopt;
        }
        return ConversationFile::decode(*it, error);
    }
    QFile file(filePath(id));
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, file.errorString());
        return std::nullopt;
    }
    return ConversationFile::decode(file.readAll(), error);
}

} // namespace rill
