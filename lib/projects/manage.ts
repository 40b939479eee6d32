import type { Database } from "@/db/client";
import { deleteProjectByKey, findProjectByKey, insertProject } from "@/db/queries/projects";
import type { Project } from "@/db/schema";
import { AppError, isUniqueViolation } from "@/lib/errors";

export async function createProject(db: Database, input: { key: string; name: string }): Promise<Project> {
  try {
    return await insertProject(db, input);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", `A project with key '${input.key}' already exists.`, "key");
    }
    throw error;
  }
}

/** Deletes a project with its project analysis tokens, grants and analyses. */
export async function deleteProject(db: Database, key: string): Promise<Project> {
  const deleted = await deleteProjectByKey(db, key);
  if (!deleted) throw projectNotFound(key);
  return deleted;
}

export const projectNotFound = (key: string) =>
  new AppError("not_found", `Project '${key.slice(0, 400)}' not found.`, "projectKey");

export async function requireProject(db: Database, key: string): Promise<Project> {
  const project = await findProjectByKey(db, key);
  if (!project) throw projectNotFound(key);
  return project;
}
