package io.arbalest.kotlin

import io.arbalest.sdk.ArbalestSession

/**
 * Starts a session (see [ArbalestSession]): `arbalest(master = "local[2]", warehouse = "/data").use { s -> ... }`.
 * On `yarn` it submits one application for the session; closing the session ends it.
 */
fun arbalest(
    master: String = "local[*]",
    warehouse: String? = null,
    conf: Map<String, String> = emptyMap(),
    appName: String = "arbalest",
): ArbalestSession {
    val builder = ArbalestSession.builder().master(master).appName(appName)
    if (warehouse != null) {
        builder.warehouse(warehouse)
    }
    conf.forEach { (key, value) -> builder.config(key, value) }
    return builder.getOrCreate()
}

/** The builder form: `arbalest { master = "yarn"; warehouse = "hdfs:///w"; conf("arbalest.executor.memory", "2g") }`. */
fun arbalest(configure: SessionSettings.() -> Unit): ArbalestSession {
    val settings = SessionSettings().apply(configure)
    return arbalest(settings.master, settings.warehouse, settings.settings, settings.appName)
}

/** What [arbalest] { ... } sets. */
class SessionSettings internal constructor() {
    /** local, local[N], local[*] (the default), local-cluster[N,cores,memoryMB] or yarn. */
    var master: String = "local[*]"

    /** A directory (local path, file://, hdfs://) whose sub-directories are tables; optional. */
    var warehouse: String? = null

    /** Tables from the Hive Metastore of hive-site.xml (arbalest.catalog=hive), as Spark's enableHiveSupport(). */
    fun enableHiveSupport() {
        settings["arbalest.catalog"] = "hive"
    }

    var appName: String = "arbalest"

    internal val settings = LinkedHashMap<String, String>()

    /** A configuration key (docs/configuration.md), e.g. arbalest.executor.memory. */
    fun conf(key: String, value: String) {
        settings[key] = value
    }
}
