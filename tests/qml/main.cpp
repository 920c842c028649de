// Runs the views' Qt Quick Tests against a real server: the demo partnership served in-process
// on 127.0.0.1 (port 0). QML sees it as the TestEnv singleton (module Tandem.Test); each test
// file gets its own replica directory, so each starts with nobody signed in.
#include "Demo.h"
#include "TestServer.h"

#include <QApplication>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

#include <memory>

Q_IMPORT_QML_PLUGIN(Tandem_AppPlugin)
Q_IMPORT_QML_PLUGIN(Tandem_UiPlugin)

namespace {
QString gServerUrl;
std::vector<std::unique_ptr<QTemporaryDir>> gReplicaDirs;  // live until the runner exits
}

// What the QML tests need to know about their world.
class TestEnv : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString serverUrl READ serverUrl CONSTANT)
    Q_PROPERTY(QString password READ password CONSTANT)
public:
    QString serverUrl() const { return gServerUrl; }
    QString password() const { return QString::fromLatin1(tandem::server::kDemoPassword); }
    // An empty directory for replicas: Session is one per process, so each test file starts
    // signed out on a device nobody has used yet.
    Q_INVOKABLE QString freshDataDir() const {
        gReplicaDirs.push_back(std::make_unique<QTemporaryDir>());
        return gReplicaDirs.back()->path();
    }
};

class Setup : public QObject {
    Q_OBJECT
public slots:
    void applicationAvailable() {
        QQuickStyle::setStyle("Fusion");
        server_ = std::make_unique<tandem::test::TestServer>(serverDir_.path().toStdString());
        std::string error;
        if (!tandem::server::setUpDemo(server_->store(), TANDEM_DATA_DIR, error))
            qFatal("demo set-up failed: %s", error.c_str());
        server_->start();
        gServerUrl = QString::fromStdString(server_->url());
        qmlRegisterSingletonType<TestEnv>("Tandem.Test", 1, 0, "TestEnv",
                                          [](QQmlEngine*, QJSEngine*) -> QObject* { return new TestEnv; });
    }
    void qmlEngineAvailable(QQmlEngine* engine) {
        // Static QML modules sit at qrc:/<uri path> (Qt 6.4's default resource prefix).
        engine->addImportPath(QStringLiteral("qrc:/"));
    }
    void cleanupTestCase() { server_.reset(); }

private:
    QTemporaryDir serverDir_;
    std::unique_ptr<tandem::test::TestServer> server_;
};

// QUICK_TEST_MAIN_WITH_SETUP would make a QGuiApplication; Qt Charts (the dashboards) draws
// through QGraphicsView and needs a QApplication, which quick_test_main then uses.
int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QTEST_SET_MAIN_SOURCE_PATH
    Setup setup;
    return quick_test_main_with_setup(argc, argv, "tandem_views", QUICK_TEST_SOURCE_DIR, &setup);
}

#include "main.moc"
