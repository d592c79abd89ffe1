// Stop every running node of one environment (线下 / 预发 / 线上, numbered or not), all at once.
//   acs run dsl/examples/stop-environment.groovy -Penv=预发

String env = param('env', '预发')
def targets = nodes(status: RUNNING, name: ~/^${env}\d*$/)
if (targets.isEmpty()) {
    echo "no running node of environment ${env}"
    return
}
targets.each { it.stop(method: PARALLEL) }
targets.each { it.waitDone(timeout: '5m') }
echo "stopped ${targets.size()} node(s) of ${env}: ${targets*.id.join(', ')}"
