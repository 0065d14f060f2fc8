// After own-project's `mvn -o test` (kit/examples/pom.xml runs this once the build is over, passed or not): what a
// passing build alone would not show. Each failed assert fails `./mvnw verify` with its message.
import java.nio.file.Path
import groovy.xml.XmlSlurper

// The variables come from the plugin's configuration: ownProject, userRepository, ndPlatform; localRepositoryPath.
def reports = new File(ownProject, 'target/surefire-reports').listFiles().findAll { it.name ==~ /TEST-.*\.xml/ }
assert reports : "own-project left no test report (target/surefire-reports/TEST-*.xml): its build stopped " +
        "before its tests, or found none"

int passed = 0, failed = 0
Set<Path> classPath = [] as Set
reports.each { f ->
    def suite = new XmlSlurper().parse(f)
    int bad = suite.@failures.toInteger() + suite.@errors.toInteger()
    failed += bad
    passed += suite.@tests.toInteger() - suite.@skipped.toInteger() - bad
    def cp = suite.properties.property.find { it.@name == 'surefire.test.class.path' }.@value.toString()
    cp.split(File.pathSeparator).findAll { it }.each { classPath << new File(it).canonicalFile.toPath() }
}
// 1. The test ran and passed: a build whose tests were all skipped or not found succeeds too.
assert failed == 0 : "own-project's tests failed (${failed}): see its output above"
assert passed >= 1 : "own-project ran no test"

// 2. The lab's jars are this build's (installed into the example's repository, the chain's head), never an
//    older `./mvnw install` left in the user's repository, the read-only tail.
Path head = localRepositoryPath.canonicalFile.toPath()
Path tail = new File(userRepository).canonicalFile.toPath()
def inLab = { Path p, Path repo -> p.startsWith(repo) && repo.relativize(p).getName(0).toString() == 'lab' }
def labJars = classPath.findAll { p -> inLab(p, head) || inLab(p, tail) }
def stale = labJars.findAll { !it.startsWith(head) }
assert !stale : "own-project used lab jars from outside this build's repository ${head}: ${stale}"
['reference', 'dl4j', 'kit'].each { a ->
    assert labJars.any { it.fileName.toString().startsWith("${a}-") } : "own-project's test class path lacks lab:${a}"
}

// 3. ND4J's natives: the platform's classifier, as the installed POMs' OS profiles choose it for a consumer,
//    is the one this build chose (nd4j.platform); and no other platform's.
def natives = classPath.collect { it.fileName.toString() }
        .findAll { it ==~ /(nd4j-native|nd4j-native-preset|openblas|javacpp)-[0-9].*-[a-z]+-[a-z0-9_]+\.jar/ }
['nd4j-native', 'openblas', 'javacpp'].each { a ->
    assert natives.any { it.startsWith("${a}-") && it.endsWith("-${ndPlatform}.jar") } :
            "own-project got no ${a} natives for ${ndPlatform}; its native jars: ${natives}"
}
def foreign = natives.findAll { !it.endsWith("-${ndPlatform}.jar") }
assert !foreign : "own-project got another platform's natives than ${ndPlatform}: ${foreign}"

println "own-project: ${passed} test(s) passed, on this build's lab jars and ${ndPlatform} natives"
return true
