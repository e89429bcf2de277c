/** Where this process sits in a distributed job, from the variables launchers set. */
export interface RankInfo {
  rank: number;
  localRank: number;
  worldSize: number;
}

export function detectRank(env: NodeJS.ProcessEnv = process.env): RankInfo {
  const int = (value: string | undefined) => {
    if (value === undefined || value.trim() === "") return undefined;
    const parsed = Number(value);
    return Number.isInteger(parsed) && parsed >= 0 ? parsed : undefined;
  };
  return {
    rank: int(env.RANK) ?? int(env.SLURM_PROCID) ?? int(env.OMPI_COMM_WORLD_RANK) ?? 0,
    localRank: int(env.LOCAL_RANK) ?? int(env.SLURM_LOCALID) ?? 0,
    worldSize: int(env.WORLD_SIZE) ?? int(env.SLURM_NTASKS) ?? int(env.OMPI_COMM_WORLD_SIZE) ?? 1,
  };
}
