#pragma once

#include "ui/store/conversation.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>

class QSqlDatabase;
class QThread;

namespace rill {

// The full-text index of the kept conversations: an SQLite FTS5 table (through
// Qt SQL) of every conversation's title and the text of its messages, beside
// the headers the sidebar lists. The JSON files stay the source of truth; the
// index is a cache of them, so a damaged one is deleted and rebuilt from the
// files, and it is brought up to date with them (a file added, changed or gone
// while Rill was not running) by sync().
//
// Thread-safe: the store updates it from its writer thread while the window
// searches it from the GUI thread. Each thread gets a connection of its own
// (Qt SQL connections belong to the thread that opened them), and the database
// runs in WAL mode, so a search never waits for a save.
//
// The tokenizer is FTS5's trigram one: it matches any part of a word, and text
// without spaces (Chinese) as well as words. Terms shorter than three
// characters cannot use it and are matched with LIKE, reading every row.
class SearchIndex : public QObject
{
    Q_OBJECT
public:
    // When a file was last written, as the index saw it: a file whose stamp
    // differs from the index's is read again by sync().
    struct FileStamp
    {
        qint64 modifiedMs = 0;
        qint64 size = 0;
        friend bool operator==(const FileStamp &, const FileStamp &) = default;
    };
    // A header as the index holds it, with the stamp of the file it came from.
    struct Entry
    {
        ConversationHeader header;
        FileStamp stamp;
    };
    struct Hit
    {
        QString id;
        QString title;
        // Text around the match; the matched parts sit between kMarkStart and
        // kMarkEnd.
        QString snippet;
    };
    static constexpr QChar kMarkStart = QChar(0x02);
    static constexpr QChar kMarkEnd = QChar(0x03);

    // `path` is the database file; empty keeps the index in memory (for a
    // store that keeps its conversations in memory).
    explicit SearchIndex(const QString &path, QObject *parent = nullptr);
    // Stops a sync still running after the batch it is in (what it has not
    // indexed yet, the next sync does).
    ~SearchIndex() override;

    QString path() const { return m_path; }
    // Whether the database file was unreadable (or of another version) when
    // opened, and was made anew.
    bool wasRebuilt() const { return m_rebuilt; }

    // Adds or replaces a conversation; `stamp` is its file's, after writing.
    bool update(const Conversation &conversation, const FileStamp &stamp);
    bool update(const Conversation &conversation); // one kept in memory, no file
    bool remove(const QString &id);

    // Conversations whose title or messages hold every word of `query`,
    // best match first.
    QList<Hit> search(const QString &query, int limit = 50) const;
    // Every header held, with its file's stamp, by id.
    QHash<QString, Entry> entries() const;
    qsizetype count() const;

    // Brings the index up to the JSON files of `directory`, on a thread of its
    // own; synced() tells when it is done. Files are only read.
    void syncInBackground(const QString &directory);
    // The same, blocking; returns how many conversations it (re)indexed.
    int sync(const QString &directory);
    void waitForSync();
    bool isSyncing() const { return m_syncing.load(); }

    // The text of a conversation's rows that search looks in: what its
    // questions, answers and plan steps say, one row a line.
    static QString textOf(const QJsonArray &items);
    static FileStamp stampOf(const QString &filePath);

signals:
    // Emitted from the sync's thread: connect with a queued (or auto) connection.
    void synced(int reindexed);

private:
    // This thread's connection, opened (and the schema made) on first use.
    QSqlDatabase database() const;
    QSqlDatabase open(const QString &name) const;
    static QHash<QString, Entry> entries(const QSqlDatabase &db);
    static bool removeFrom(QSqlDatabase &db, const QString &id);
    bool openOrRebuild();
    bool createSchema(QSqlDatabase &db) const;
    bool upsert(QSqlDatabase &db, const Conversation &conversation, const FileStamp &stamp);

    QString m_path;
    QString m_memoryUri; // when there is no path
    QString m_connectionPrefix;
    bool m_rebuilt = false;
    mutable QMutex m_connectionsLock;
    mutable QStringList m_connections;
    // One writer at a time: SQLite allows only one, and a sync must not put an
    // older version of a file over the one a save has just indexed.
    mutable QMutex m_writeLock;
    std::atomic<bool> m_syncing { false };
    std::atomic<bool> m_stopping { false }; // quitting: a sync of 10 000 files takes seconds
    std::unique_ptr<QThread> m_syncThread;
};

} // namespace rill
