#include "IdleWatch.h"

#include <QCoreApplication>
#include <QEvent>

#include <algorithm>

namespace tandem::app {

IdleWatch::IdleWatch(QObject* parent) : QObject(parent) {
    timer_.setSingleShot(true);
    connect(&timer_, &QTimer::timeout, this, &IdleWatch::check);
    // Every event of every object passes the application's filters first.
    if (QCoreApplication* app = QCoreApplication::instance()) app->installEventFilter(this);
}

void IdleWatch::setLimit(std::chrono::milliseconds limit) {
    limit_ = std::max(limit, std::chrono::milliseconds(1));
    if (timer_.isActive()) check();
}

void IdleWatch::start() {
    sinceInput_.start();
    timer_.start(limit_);
}

void IdleWatch::stop() {
    timer_.stop();
    sinceInput_.invalidate();
}

bool IdleWatch::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
        case QEvent::MouseButtonPress:
        case QEvent::MouseButtonRelease:
        case QEvent::MouseMove:
        case QEvent::Wheel:
        case QEvent::KeyPress:
        case QEvent::KeyRelease:
        case QEvent::TouchBegin:
        case QEvent::TouchUpdate:
        case QEvent::TabletPress:
        case QEvent::TabletMove:
            if (sinceInput_.isValid()) sinceInput_.restart();
            break;
        default: break;
    }
    return QObject::eventFilter(watched, event);
}

void IdleWatch::check() {
    if (!sinceInput_.isValid()) return;
    const auto quiet = std::chrono::milliseconds(sinceInput_.elapsed());
    if (quiet >= limit_) {
        stop();
        emit idle();
        return;
    }
    timer_.start(limit_ - quiet);
}

}  // namespace tandem::app
