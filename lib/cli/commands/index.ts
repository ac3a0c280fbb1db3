import type { CommandSpec } from "../command";
import decisionsList from "./decisions/list";
import decisionsRemove from "./decisions/remove";
import decisionsSet from "./decisions/set";
import doctor from "./doctor";
import explain from "./explain";
import exportMatches from "./export/matches";
import generate from "./generate";
import ingest from "./ingest";
import modelShow from "./model/show";
import quality from "./quality";
import run from "./run";
import runsCancel from "./runs/cancel";
import runsList from "./runs/list";
import runsShow from "./runs/show";
import scan from "./scan";
import settingsList from "./settings/list";
import settingsSet from "./settings/set";
import status from "./status";
import triggersAdd from "./triggers/add";
import triggersApprove from "./triggers/approve";
import triggersList from "./triggers/list";
import triggersReject from "./triggers/reject";
import usersAdd from "./users/add";
import usersDisable from "./users/disable";
import usersEnable from "./users/enable";
import usersList from "./users/list";
import usersResetPassword from "./users/reset-password";
import usersSetRole from "./users/set-role";
import versionsDiff from "./versions/diff";
import versionsList from "./versions/list";
import versionsPromote from "./versions/promote";
import versionsPublish from "./versions/publish";
import versionsShow from "./versions/show";

/** Each command types its own options; the list holds them all. */
type AnyCommand = CommandSpec<any>;

/** A noun that groups verbs: `storematch runs show`. */
export interface CommandGroup {
  noun: string;
  description: string;
  commands: AnyCommand[];
}

/** Every command, in the order `storematch --help` lists them; a new command is a file and a line here. */
export const COMMANDS: (AnyCommand | CommandGroup)[] = [
  generate,
  ingest,
  run,
  { noun: "runs", description: "list, show and cancel runs", commands: [runsList, runsShow, runsCancel] },
  status,
  scan,
  { noun: "triggers", description: "reprocess triggers: list, approve, reject, add", commands: [triggersList, triggersApprove, triggersReject, triggersAdd] },
  { noun: "decisions", description: "pair decisions: force a pair to match or never to match", commands: [decisionsList, decisionsSet, decisionsRemove] },
  { noun: "versions", description: "published versions: list, show, promote (and roll back), diff, publish a run", commands: [versionsList, versionsShow, versionsPromote, versionsDiff, versionsPublish] },
  {
    noun: "users",
    description: "local users: add, list, set-role, disable, enable, reset-password",
    commands: [usersAdd, usersList, usersDisable, usersEnable, usersResetPassword, usersSetRole],
  },
  { noun: "settings", description: "list and change settings", commands: [settingsList, settingsSet] },
  { noun: "export", description: "export results", commands: [exportMatches] },
  quality,
  { noun: "model", description: "the matching model a version was built with", commands: [modelShow] },
  explain,
  doctor,
];
