#pragma once

#include "ui/store/conversation.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <optional>

namespace rill {

// A file the store could not read, and why; the file itself is left alone.
struct ConversationProblem
{
    QString fileName;
    QString reason;
};

// Every kept conversation, one JSON file each in a directory (by default
// AppDataLocation/conversations). Only the headers are held in memory; the
// items are read when a conversation is opened. Files are written with
// QSaveFile, so a crash while saving leaves the previous version whole.
// Files that cannot be read are reported and skipped, never rewritten or
// removed: new conversations get fresh ids, so no name is ever reused.
// An empty directory keeps everything in memory (for windows that should not
// touch the disk, such as tests of other features).
class ConversationStore : public QObject
{
    Q_OBJECT
public:
    explicit ConversationStore(const QString &directory, QObject *parent = nullptr);

    static QString defaultDirectory();
    QString directory() const { return m_directory; }

    // Reads the headers of all files again; problems() says which were skipped.
    void reload();
    QList<ConversationHeader> headers() const { return m_headers.values(); }
    std::optional<ConversationHeader> header(const QString &id) const;
    bool contains(const QString &id) const { return m_headers.contains(id); }
    const QList<ConversationProblem> &problems() const { return m_problems; }

    // The whole conversation, from its file.
    std::optional<Conversation> load(const QString &id, QString *error = nullptr) const;
    // Writes the conversation. A new one (empty id) gets its id and created
    // time here; `updated` is set to now. The header as saved is returned.
    std::optional<ConversationHeader> save(Conversation conversation, QString *error = nullptr);
    // Changes the title only; the conversation keeps its place in the list.
    bool rename(const QString &id, const QString &title, QString *error = nullptr);
    bool remove(const QString &id, QString *error = nullptr);

    // A title from the conversation's first message: its first line, elided.
    static QString titleFrom(const QString &firstMessage);

signals:
    void reloaded();
    void saved(const QString &id); // added or changed
    void removed(const QString &id);

private:
    QString filePath(const QString &id) const;
    bool write(const Conversation &conversation, QString *error);
    std::optional<Conversation> read(const QString &id, QString *error) const;

    QString m_directory;
    QHash<QString, ConversationHeader> m_headers;
    QList<ConversationProblem> m_problems;
    QHash<QString, QByteArray> m_memory; // the files, when there is no directory
};

} // namespace rill
