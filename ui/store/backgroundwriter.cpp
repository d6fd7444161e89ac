#include "ui/store/backgroundwriter.h"

#include <QMutexLocker>
#include <QThread>

namespace rill {

BackgroundWriter::BackgroundWriter(QObject *parent)
    : QObject(parent)
    , m_thread(QThread::create([this] { runJobs(); }))
{
    m_thread->setObjectName(QStringLiteral("rill-writer"));
    m_thread->start(QThread::LowPriority);
}

BackgroundWriter::~BackgroundWriter()
{
    {
        QMutexLocker locker(&m_lock);
        m_stopping = true;
        m_queued.wakeAll();
    }
    m_thread->wait(); // runJobs() empties the queue before it returns
}

void BackgroundWriter::enqueue(const QString &key, Job job)
{
    QMutexLocker locker(&m_lock);
    for (Pending &pending : m_queue) {
        if (pending.key == key) {
            pending.job = std::move(job);
            return;
        }
    }
    m_queue.append({ key, std::move(job) });
    m_queued.wakeOne();
}

void BackgroundWriter::waitForIdle() const
{
    QMutexLocker locker(&m_lock);
    while (!m_queue.isEmpty() || m_running)
        m_idle.wait(&m_lock);
}

bool BackgroundWriter::isIdle() const
{
    QMutexLocker locker(&m_lock);
    return m_queue.isEmpty() && !m_running;
}

void BackgroundWriter::runJobs()
{
    QMutexLocker locker(&m_lock);
    for (;;) {
        while (m_queue.isEmpty() && !m_stopping)
            m_queued.wait(&m_lock);
        if (m_queue.isEmpty())
            return; // stopping, and everything is written
        const Pending pending = m_queue.takeFirst();
        m_running = true;
        locker.unlock();
        const QString error = pending.job();
        if (error.isEmpty())
            emit jobDone(pending.key);
        else
            emit jobFailed(pending.key, error);
        locker.relock();
        m_running = false;
        if (m_queue.isEmpty())
            m_idle.wakeAll();
    }
}

} // namespace rill
