// Renders model objects as CS wire JSON: snake_case names, and value types that the SDK's `$dara.cast`
// accepts for each field (numbers as numbers, booleans as booleans, JSON-in-string where the model says string).
import type { CheckItem, Cluster, Diagnosis, Node, NodePool, Task } from './model.js';
import type { NodePoolStatus } from './state.js';
import type { ApiServerEndpoints } from './kubernetes.js';
import { epochMs, isoCst, isoUtc, stageTime } from './time.js';

type Json = Record<string, unknown>;

const IMAGE_ID = 'aliyun_3_x64_20G_alibase_20250629.vhd';

/** Fields DescribeClustersV1 items share with DescribeClusterDetail. */
function clusterCommon(cluster: Cluster, size: number, endpoints: ApiServerEndpoints): Json {
  return {
    cluster_id: cluster.clusterId,
    name: cluster.name,
    region_id: cluster.regionId,
    zone_id: cluster.zoneId,
    cluster_type: cluster.clusterType,
    cluster_spec: cluster.clusterSpec,
    profile: cluster.profile,
    state: cluster.state,
    size,
    current_version: cluster.currentVersion,
    init_version: cluster.initVersion,
    next_version: '',
    created: isoCst(cluster.created),
    updated: isoCst(cluster.updated),
    vpc_id: cluster.vpcId,
    vswitch_id: cluster.vswitchIds[0] ?? '',
    vswitch_ids: [...cluster.vswitchIds],
    security_group_id: cluster.securityGroupId,
    external_loadbalancer_id: cluster.loadBalancerId,
    resource_group_id: cluster.resourceGroupId,
    worker_ram_role_name: cluster.workerRamRoleName,
    container_cidr: cluster.containerCidr,
    service_cidr: cluster.serviceCidr,
    subnet_cidr: cluster.containerCidr,
    cluster_domain: 'cluster.local',
    network_mode: 'vpc',
    proxy_mode: 'ipvs',
    ip_stack: 'ipv4',
    docker_version: '',
    private_zone: false,
    deletion_protection: true,
    timezone: 'Asia/Shanghai',
    tags: cluster.tags.map((t) => ({ key: t.key, value: t.value })),
    master_url: JSON.stringify({ api_server_endpoint: endpoints.public ?? '', intranet_api_server_endpoint: endpoints.intranet ?? '' }),
    meta_data: JSON.stringify({ KubernetesVersion: cluster.currentVersion.split('-')[0], Capabilities: { Network: 'terway-eniip' }, VpcCidr: `${cluster.networkPrefix}.0.0/16` }),
    maintenance_window: { enable: true, maintenance_time: '2024-01-01T03:00:00.000+08:00', duration: '3h', weekly_period: 'Thursday', recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TH' },
    operation_policy: { cluster_auto_upgrade: { enabled: true, channel: 'stable' } },
  };
}

export function clusterSummary(cluster: Cluster, size: number, endpoints: ApiServerEndpoints): Json {
  return clusterCommon(cluster, size, endpoints);
}

export function clusterDetail(cluster: Cluster, size: number, endpoints: ApiServerEndpoints): Json {
  return {
    ...clusterCommon(cluster, size, endpoints),
    node_cidr_mask: '26',
    extra_sans: [],
    parameters: { KubernetesVersion: cluster.currentVersion, ServiceCIDR: cluster.serviceCidr, ProxyMode: 'ipvs' },
    auto_mode: { enable: false },
    rrsa_config: { enabled: false },
    control_plane_endpoints_config: {
      internal_dns_config: { enabled: false, bind_vpcs: [] },
      load_balancers_config: [
        ...(endpoints.intranet ? [{ endpoint: endpoints.intranet, endpoint_type: 'Intranet', load_balancer_id: cluster.loadBalancerId }] : []),
        ...(endpoints.public ? [{ endpoint: endpoints.public, endpoint_type: 'Internet', load_balancer_id: cluster.loadBalancerId }] : []),
      ],
    },
  };
}

export function nodepoolWire(pool: NodePool, cluster: Cluster, status: NodePoolStatus): Json {
  return {
    auto_mode: { enable: false },
    auto_scaling: {
      enable: pool.autoScaling.enable,
      min_instances: pool.autoScaling.minInstances,
      max_instances: pool.autoScaling.maxInstances,
      type: pool.spot ? 'spot' : 'cpu',
      is_bond_eip: false,
      eip_bandwidth: 0,
      eip_internet_charge_type: 'PayByBandwidth',
    },
    interconnect_mode: 'basic',
    kubernetes_config: {
      cms_enabled: true,
      cpu_policy: 'none',
      labels: Object.entries(pool.labels).map(([key, value]) => ({ key, value })),
      taints: [],
      runtime: 'containerd',
      runtime_version: '1.6.38',
      node_name_mode: `customized,${cluster.regionId},ip,`,
      unschedulable: false,
      user_data: '',
      pre_user_data: '',
    },
    management: {
      enable: true,
      auto_repair: true,
      auto_upgrade: true,
      auto_vul_fix: true,
      auto_fault_diagnosis: false,
      drift_enabled: false,
      auto_repair_policy: { restart_node: true, approval_required: false },
      auto_upgrade_policy: { auto_upgrade_kubelet: true },
      auto_vul_fix_policy: { restart_node: false, vul_level: 'asap', exclude_packages: '' },
      upgrade_config: { auto_upgrade: true, max_unavailable: 1, surge: 0, surge_percentage: 0 },
    },
    max_nodes: pool.maxNodes,
    node_config: { kubelet_configuration: { maxPods: 64, cpuManagerPolicy: 'none', evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '10%' } } },
    nodepool_info: {
      created: isoCst(pool.created),
      updated: isoCst(pool.updated),
      is_default: pool.isDefault,
      name: pool.name,
      nodepool_id: pool.nodepoolId,
      region_id: cluster.regionId,
      resource_group_id: cluster.resourceGroupId,
      type: 'ess',
    },
    scaling_group: {
      auto_renew: false,
      auto_renew_period: 0,
      cis_enabled: false,
      soc_enabled: false,
      compensate_with_on_demand: pool.spot,
      data_disks: [{ category: 'cloud_essd', size: 120, performance_level: 'PL0', auto_format: true, file_system: 'ext4', mount_target: '/var/lib/container', encrypted: 'false' }],
      desired_size: pool.desiredSize,
      image_id: IMAGE_ID,
      image_type: 'AliyunLinux3',
      instance_charge_type: 'PostPaid',
      instance_types: [...pool.instanceTypes],
      internet_charge_type: 'PayByTraffic',
      internet_max_bandwidth_out: 0,
      key_pair: '',
      login_as_non_root: false,
      multi_az_policy: pool.spot ? 'COST_OPTIMIZED' : 'BALANCE',
      on_demand_base_capacity: 0,
      on_demand_percentage_above_base_capacity: pool.spot ? 0 : 100,
      period: 0,
      period_unit: 'Month',
      platform: 'AliyunLinux',
      scaling_group_id: pool.scalingGroupId,
      scaling_policy: 'release',
      security_group_id: cluster.securityGroupId,
      security_group_ids: [cluster.securityGroupId],
      spot_instance_pools: pool.spot ? 2 : 0,
      spot_instance_remedy: pool.spot,
      spot_strategy: pool.spot ? 'SpotAsPriceGo' : 'NoSpot',
      system_disk_category: 'cloud_essd',
      system_disk_categories: ['cloud_essd'],
      system_disk_performance_level: 'PL0',
      system_disk_size: 120,
      tags: [],
      vswitch_ids: [...pool.vswitchIds],
    },
    status: {
      state: status.state,
      total_nodes: status.total,
      serving_nodes: status.serving,
      healthy_nodes: status.healthy,
      initial_nodes: status.initial,
      removing_nodes: status.removing,
      failed_nodes: status.failed,
      offline_nodes: 0,
    },
    tee_config: { tee_enable: false },
  };
}

export function nodepoolDetailWire(pool: NodePool, cluster: Cluster, status: NodePoolStatus): Json {
  return { ...nodepoolWire(pool, cluster, status), host_network: false, intranet: true };
}

const INSTANCE_STATUS: Record<Node['state'], string> = { running: 'Running', initial: 'Pending', removing: 'Running', failed: 'Stopped' };
const NODE_STATUS: Record<Node['state'], string> = { running: 'Ready', initial: 'Unknown', removing: 'Ready', failed: 'NotReady' };

export function nodeWire(node: Node, cluster: Cluster): Json {
  return {
    creation_time: isoCst(node.creationTime),
    error_message: '',
    expired_time: '2099-12-31T15:59:00Z',
    host_name: `iZ${node.instanceId.slice(2)}Z`,
    image_id: IMAGE_ID,
    instance_charge_type: 'PostPaid',
    instance_id: node.instanceId,
    instance_name: `worker-k8s-for-cs-${cluster.clusterId}`,
    instance_role: 'Worker',
    instance_status: INSTANCE_STATUS[node.state],
    instance_type: node.instanceType,
    instance_type_family: node.instanceType.split('.').slice(0, 2).join('.'),
    ip_address: [node.ipAddress],
    is_aliyun_node: true,
    node_name: node.nodeName,
    node_status: NODE_STATUS[node.state],
    nodepool_id: node.nodepoolId,
    source: 'ess_attach',
    spot_strategy: 'NoSpot',
    state: node.state,
  };
}

export function taskWire(task: Task): Json {
  return {
    task_id: task.taskId,
    cluster_id: task.clusterId,
    task_type: task.taskType,
    state: task.state,
    created: isoCst(task.created),
    updated: isoCst(task.updated),
    current_stage: task.currentStage,
    target: { id: task.target.id, type: task.target.type },
    parameters: { ...task.parameters },
    stages: task.stages.map((s) => ({
      state: s.state,
      start_time: stageTime(s.startTime),
      ...(s.endTime === undefined ? {} : { end_time: stageTime(s.endTime) }),
      message: `${s.name}: ${s.message}`,
      outputs: { ...s.outputs, stage: s.name },
    })),
    events: task.events.map((e) => ({ ...e, timestamp: epochMs(e.timestamp) })),
    task_result: task.taskResult.map((r) => ({ data: r.data, status: r.status })),
    ...(task.error === undefined ? {} : { error: { code: task.error.code, message: task.error.message } }),
  };
}

export function diagnosisResultWire(d: Diagnosis): Json {
  return {
    diagnosis_id: d.diagnosisId,
    type: d.type,
    target: JSON.stringify(d.target),
    status: d.status,
    code: d.code,
    message: d.message,
    result: JSON.stringify(d.result),
    created: isoUtc(d.created),
    ...(d.finished === undefined ? {} : { finished: isoUtc(d.finished) }),
  };
}

export function checkItemWire(item: CheckItem): Json {
  return { ...item };
}
