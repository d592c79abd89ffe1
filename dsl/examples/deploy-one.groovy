// Deploy one package to one node and wait until it is running.
//   acs run dsl/examples/deploy-one.groovy -Purl=http://repo.example.com/app-1.2.war [-Pnode=610474]

node(paramLong('node', 610474)) {
    deploy url: param('url', 'http://repo.example.com/app-1.2.war'), method: SEQUENTIAL, comment: 'deploy-one.groovy'
    waitDone(timeout: '10m')
    echo "${name}: ${status}, image ${imageName}, ${containers.size()} container(s)"
}
