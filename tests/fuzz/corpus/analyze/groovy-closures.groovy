class Report {
    List render(List rows, Map opts) {
        def out = []
        rows.each { row ->
            if (row.visible) {
                out << row.name
            }
        }
        def sizes = rows.collect { it.size() }
        return out
    }

    Closure filter = { item ->
        if (item == null) {
            return false
        }
        item.tags.any { tag -> tag.startsWith('x') && tag.size() > 2 }
    }
}

plugins {
    id 'java'
}

dependencies {
    implementation 'org.example:core:1.0'
    if (useTests) {
        testImplementation 'junit:junit:4.13'
    }
}
