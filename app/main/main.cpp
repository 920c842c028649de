// The Tandem app for practitioners and agency leads: reads the command line, picks the Controls
// style and loads the views (Tandem.Ui) over the app's C++ types (Tandem.App). With
// --screenshots it runs the screenshot tour against a server instead of waiting for a user.
#include "ScreenshotTour.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFont>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(Tandem_AppPlugin)
Q_IMPORT_QML_PLUGIN(Tandem_UiPlugin)

namespace {

// Imports Tandem.App so its singleton exists before the views load (and can be given the data
// directory first).
QObject* sessionOf(QQmlEngine& engine) {
    QQmlComponent importer(&engine);
    importer.setData("import Tandem.App\nimport QtQml\nQtObject {}", QUrl());
    delete importer.create();
    const int id = qmlTypeId("Tandem.App", 1, 0, "Session");
    return id < 0 ? nullptr : engine.singletonInstance<QObject*>(id);
}

int fail(const QString& message) {
    std::fprintf(stderr, "tandem: %s\n", qPrintable(message));
    return 2;
}

}  // namespace

int main(int argc, char* argv[]) {
    // Qt Charts (the dashboards) draws through QGraphicsView: that needs a QApplication.
    QApplication app(argc, argv);
    app.setOrganizationName("Tandem");
    app.setApplicationName("tandem");

    QCommandLineParser parser;
    parser.setApplicationDescription("Tandem: safeguarding audits and action plans, online or off.");
    parser.addHelpOption();
    const QCommandLineOption server("server", "Server address, e.g. http://127.0.0.1:8470.", "URL");
    const QCommandLineOption user("user", "Sign in (or unlock offline) as this user.", "U");
    const QCommandLineOption password("password", "Password for --user (or TANDEM_PASSWORD).", "P");
    const QCommandLineOption data("data", "Directory for the replicas (one per user).", "DIR");
    const QCommandLineOption caFile("ca-file", "CA certificate (PEM) of a self-signed https:// server.", "FILE");
    const QCommandLineOption screenshots("screenshots", "Save each main screen as PNG into DIR and quit.", "DIR");
    const QCommandLineOption textScale("text-scale", "Scale every text, e.g. 2 for 200%.", "FACTOR");
    parser.addOptions({server, user, password, data, caFile, screenshots, textScale});
    parser.process(app);

    if (parser.isSet(textScale)) {
        bool ok = false;
        const double scale = parser.value(textScale).toDouble(&ok);
        if (!ok || scale < 0.5 || scale > 4) return fail("--text-scale wants a number from 0.5 to 4");
        QFont font = app.font();
        font.setPointSizeF(font.pointSizeF() * scale);
        app.setFont(font);
    }
    QString pass = parser.value(password);
    if (pass.isEmpty()) pass = qEnvironmentVariable("TANDEM_PASSWORD");
    if (parser.isSet(screenshots) && !parser.isSet(server))
        return fail("--screenshots needs --server URL (a demo server: tandem-server demo)");

    QQuickStyle::setStyle("Fusion");
    // Offscreen grabs need no GPU.
    if (parser.isSet(screenshots)) QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));  // static QML modules sit at qrc:/<uri path>
    QObject* session = sessionOf(engine);
    if (!session) return fail("the Tandem.App module did not load");
    if (parser.isSet(data)) {
        const QString dir = QDir(parser.value(data)).absolutePath();
        if (!QDir().mkpath(dir)) return fail("cannot create the data directory " + dir);
        session->setProperty("dataDir", dir);
    }
    if (parser.isSet(server)) session->setProperty("serverUrl", parser.value(server));
    if (parser.isSet(caFile)) session->setProperty("caFile", QDir(parser.value(caFile)).absolutePath());

    engine.load(QUrl(QStringLiteral("qrc:/Tandem/Ui/Main.qml")));
    if (engine.rootObjects().isEmpty()) return fail("the views did not load");
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst());

    if (parser.isSet(screenshots)) {
        ScreenshotTour tour(*window, *session, parser.value(server), parser.value(screenshots));
        QTimer::singleShot(0, &app, [&] { app.exit(tour.run()); });
        return app.exec();
    }
    if (parser.isSet(user)) {
        if (parser.isSet(server))
            QMetaObject::invokeMethod(session, "signIn", Q_ARG(QString, parser.value(server)),
                                      Q_ARG(QString, parser.value(user)), Q_ARG(QString, pass));
        else
            QMetaObject::invokeMethod(session, "unlock", Q_ARG(QString, parser.value(user)), Q_ARG(QString, pass));
    }
    return app.exec();
}
