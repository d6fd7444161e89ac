#pragma once

#include "ui/store/backgroundwriter.h"
#include "ui/store/conversation.h"
#include "ui/store/searchindex.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>

#include <functional>
#include <memory>
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
// Saving in the background hands the encoding and the write to a thread of
// the store's own; every other call first waits for those writes, so it sees
// (and replaces) the newest version.
// Files that cannot be read are reported and skipped, never rewritten or
// removed: new conversations get fresh ids, so no name is ever reused.
// An empty directory keeps everything in memory (for windows that should not
// touch the disk, such as tests of other features).
// Every write and removal also updates the search index (on the thread that
// writes), kept in the directory as index.sqlite. The headers are listed from
// it for the files it holds as they are, so opening the window reads no
// conversation file that has not changed.
class ConversationStore : public QObject
{
    Q_OBJECT
public:
    explicit ConversationStore(const QString &directory, QObject *parent = nullptr);
    ~ConversationStore() override; // finishes the writes in the background first

    static QString defaultDirectory();
    static QString indexFileName() { return QStringLiteral("index.sqlite"); }
    QString directory() const { return m_directory; }

    // Reads the headers of all files again (from the index for those it holds
    // unchanged); problems() says which were skipped. The index then catches
    // up with the files in the background.
    void reload();
    SearchIndex *searchIndex() const { return m_index.get(); }
    QList<ConversationHeader> headers() const { return m_headers.values(); }
    std::optional<ConversationHeader> header(const QString &id) const;
    bool contains(const QString &id) const { return m_headers.contains(id); }
    const QList<ConversationProblem> &problems() const { return m_problems; }

    // The whole conversation, from its file.
    std::optional<Conversation> load(const QString &id, QString *error = nullptr) const;
    // Writes the conversation. A new one (empty id) gets its id and created
    // time here; `updated` is set to now. The header as saved is returned.
    std::optional<ConversationHeader> save(Conversation conversation, QString *error = nullptr);
    // Like save(), but `items` is called and the file written on the store's
    // writer thread (so `items` must own copies of what it reads): returns at
    // once with the header as it will be saved, and tells a failure later with
    // saveFailed(). Saves of one conversation still waiting are replaced by
    // the newer one.
    std::optional<ConversationHeader> saveInBackground(
        ConversationHeader header, std::function<QJsonArray()> items, QString *error = nullptr);
    // Blocks until everything saved in the background is written.
    void waitForWrites() const { m_writer.waitForIdle(); }
    // Changes the title only; the conversation keeps its place in the list.
    bool rename(const QString &id, const QString &title, QString *error = nullptr);
    bool remove(const QString &id, QString *error = nullptr);

    // A title from the conversation's first message: its first line, elided.
    static QString titleFrom(const QString &firstMessage);

signals:
    void reloaded();
    void saved(const QString &id); // added or changed
    void removed(const QString &id);
    // A save in the background could not be written; the header stays listed.
    void saveFailed(const QString &id, const QString &error);

private:
    QString filePath(const QString &id) const;
    // Gives a new conversation its id and times; nullopt for an invalid id.
    std::optional<ConversationHeader> prepare(ConversationHeader header, QString *error) const;
    // Thread-safe: also runs on the writer thread. Returns an error message.
    QString write(const Conversation &conversation);
    std::optional<Conversation> read(const QString &id, QString *error) const;

    QString m_directory;
    QHash<QString, ConversationHeader> m_headers;
    QList<ConversationProblem> m_problems;
    mutable QMutex m_memoryLock; // the writer thread writes m_memory too
    QHash<QString, QByteArray> m_memory; // the files, when there is no directory
    std::unique_ptr<SearchIndex> m_index; // before the writer, which uses it
    BackgroundWriter m_writer; // last: stopped (its jobs done) before the rest goes
};

} // namespace rill
