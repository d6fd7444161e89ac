// SearchIndex, the part that brings it up to the files (see searchindex.h).
#include "ui/store/conversationfile.h"
#include "ui/store/searchindex.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QThread>

#include <algorithm>

namespace rill {

namespace {

// Files indexed per transaction by a sync: few enough that a save waiting for
// the index waits only a moment.
constexpr int kSyncBatch = 64;

} // namespace

SearchIndex::FileStamp SearchIndex::stampOf(const QString &filePath)
{
    const QFileInfo info(filePath);
    return info.exists() ? FileStamp { info.lastModified().toMSecsSinceEpoch(), info.size() }
                         : FileStamp {};
}

void SearchIndex::syncInBackground(const QString &directory)
{
    waitForSync();
    m_syncing = true;
    m_syncThread.reset(QThread::create([this, directory] {
        const int reindexed = sync(directory);
        emit synced(reindexed);
    }));
    m_syncThread->setObjectName(QStringLiteral("rill-search-sync"));
    m_syncThread->start(QThread::LowPriority);
}

void SearchIndex::waitForSync()
{
    if (m_syncThread)
        m_syncThread->wait();
    m_syncThread.reset();
}

int SearchIndex::sync(const QString &directory)
{
    m_syncing = true;
    // A connection of the sync's own, closed when it ends: a thread's id may
    // be reused by the next one, so database()'s names would not do.
    static std::atomic<int> syncs { 0 };
    const QString name = m_connectionPrefix + QStringLiteral("sync-%1").arg(++syncs);
    int reindexed = 0;
    {
        QSqlDatabase db = open(name);
        const QDir dir(directory);
        QHash<QString, FileStamp> onDisk;
        for (const QFileInfo &info :
            dir.entryInfoList({ QStringLiteral("*.json") }, QDir::Files, QDir::NoSort)) {
            const QString id = info.fileName().chopped(5);
            if (ConversationFile::isValidId(id))
                onDisk.insert(id, { info.lastModified().toMSecsSinceEpoch(), info.size() });
        }
        const QHash<QString, Entry> held = entries(db);
        for (auto it = held.cbegin(); it != held.cend(); ++it) {
            if (onDisk.contains(it.key()))
                continue;
            QMutexLocker locker(&m_writeLock);
            if (!QFile::exists(dir.filePath(it.key() + QStringLiteral(".json"))))
                removeFrom(db, it.key());
        }
        QStringList stale;
        for (auto it = onDisk.cbegin(); it != onDisk.cend(); ++it) {
            const auto found = held.constFind(it.key());
            if (found == held.cend() || found->stamp != it.value())
                stale << it.key();
        }
        // Oldest first, so that the rowids follow the files' ages (see upsert()).
        std::sort(stale.begin(), stale.end(), [&onDisk](const QString &a, const QString &b) {
            return onDisk.value(a).modifiedMs < onDisk.value(b).modifiedMs;
        });
        for (qsizetype first = 0; first < stale.size() && !m_stopping; first += kSyncBatch) {
            QMutexLocker locker(&m_writeLock);
            if (!db.transaction())
                break;
            for (qsizetype i = first; i < std::min(stale.size(), first + kSyncBatch); ++i) {
                // Stamped before reading: a file replaced meanwhile looks
                // stale to the next sync rather than fresh with old text. A
                // save indexes its own version after this batch.
                const QString path = dir.filePath(stale.at(i) + QStringLiteral(".json"));
                const FileStamp stamp = stampOf(path);
                QFile file(path);
                QString error;
                auto conversation = file.open(QIODevice::ReadOnly)
                    ? ConversationFile::decode(file.readAll(), &error)
                    : std::nullopt;
                if (!conversation) {
                    // Unreadable files are the store's to report; not listed here.
                    continue;
                }
                conversation->header.id = stale.at(i);
                if (upsert(db, *conversation, stamp))
                    ++reindexed;
            }
            db.commit();
        }
    }
    QSqlDatabase::removeDatabase(name);
    m_syncing = false;
    return reindexed;
}

} // namespace rill
